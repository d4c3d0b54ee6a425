import type { MailJob } from './mail.processor';
import { sendRequest } from './mail.processor';

describe('mail processor: the run a send job presents to its claim', () => {
  const job = (fields: Partial<MailJob>) =>
    ({ id: 'ob-7', name: 'send-link', data: { deliveryId: 'd-1', tenantId: 't-1' }, attemptsMade: 0, attemptsStarted: 1, opts: { attempts: 8 }, ...fields }) as MailJob;

  it('names the job and BullMQ\'s run number: a re-run after a stall (attemptsStarted 2, attemptsMade still 0) is a later run', () => {
    expect(sendRequest(job({}), 'd-1')).toEqual({ key: { id: 'd-1', tenantId: 't-1' }, job: { id: 'ob-7', attempt: 1 }, finalAttempt: false });
    expect(sendRequest(job({ attemptsStarted: 2 }), 'd-1').job).toEqual({ id: 'ob-7', attempt: 2 });
  });

  it('marks the queue\'s last attempt final', () => {
    expect(sendRequest(job({ attemptsMade: 7, attemptsStarted: 9 }), 'd-1').finalAttempt).toBe(true);
  });
});
