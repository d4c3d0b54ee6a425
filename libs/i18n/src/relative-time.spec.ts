import { durationWords, expiresInWords } from './relative-time';

const now = new Date('2030-01-01T00:00:00Z');
const after = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('expiresInWords', () => {
  it.each([
    [30, 'in 30 seconds'],
    [60, 'in 1 minute'],
    [5 * 60, 'in 5 minutes'],
    [10 * 60 - 0.4, 'in 10 minutes'],
    [75 * 60, 'in 75 minutes'],
    [2 * 3600, 'in 2 hours'],
    [24 * 3600, 'in 24 hours'],
    [3 * 86400, 'in 3 days'],
  ])('%d s reads "%s"', (seconds, words) => {
    expect(expiresInWords(after(seconds), now, 'en')).toBe(words);
  });

  it('never says a time in the past', () => {
    expect(expiresInWords(after(-5), now, 'en')).toBe('in 1 second');
  });
});

describe('durationWords', () => {
  it.each([
    [60, 'en', '1 minute'],
    [300, 'en', '5 minutes'],
    [3600, 'en', '1 hour'],
    [5400, 'en', '90 minutes'],
    [86400, 'en', '1 day'],
    [90, 'en', '90 seconds'],
    [3600, 'es', '1 hora'],
    [7200, 'de', '2 Stunden'],
    [900, 'fr', '15 minutes'],
    [86400 * 2, 'pt', '2 dias'],
  ])('%d s in %s reads "%s" (the largest unit that divides it)', (seconds, locale, words) => {
    expect(durationWords(seconds, locale)).toBe(words);
  });
});
