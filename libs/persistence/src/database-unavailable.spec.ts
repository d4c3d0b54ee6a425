import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['admin shutdown (Postgres restarting)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['too many connections', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['connection exception class 08', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['query runner released after its connection broke', new QueryRunnerAlreadyReleasedError()],
    ['query runner provider released after its connection broke', new QueryRunnerProviderAlreadyReleasedError()],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code: '57P01' }))],
  ])('%s', (_name, err) => expect(isDatabaseUnavailable(err)).toBe(true));

  it.each([
    ['unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['syntax error', new QueryFailedError('SELEC', [], Object.assign(new Error('syntax error'), { code: '42601' }))],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s is not', (_name, err) => expect(isDatabaseUnavailable(err)).toBe(false));
});
