import type { MailJob } from './mail.processor';
import { sendRequest, stalledCheckInterval } from './mail.processor';

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

  it('checks for stalled jobs every half lock, at most every 5 s, so a dead run is re-run within JOB_LOCK_MS + 5 s', () => {
    expect(stalledCheckInterval(5000)).toBe(2500);
    expect(stalledCheckInterval(30_000)).toBe(5000);
    expect(stalledCheckInterval(1001)).toBe(501);
  });
});
