/**
 * A sliding-window log for rate-limiter-flexible's RateLimiterRedis (its `customIncrTtlLuaScript`
 * hook; the library's own script is a fixed window). KEYS[1] is a sorted set of accepted events
 * scored by Redis time in ms; ARGV = points to consume, window seconds, limit. Only accepted events
 * are recorded, so hammering a key does not push its window forward forever.
 * Returns {consumed, ms}: consumed > limit means refused, and ms is then when the oldest event
 * leaves the window (Retry-After).
 */
export const SLIDING_WINDOW_CONSUME_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count + n <= limit then
  for i = 1, n do redis.call('ZADD', KEYS[1], now, now .. ':' .. (count + i)) end
  redis.call('PEXPIRE', KEYS[1], window)
  return {count + n, window}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = window
if oldest[2] then wait = tonumber(oldest[2]) + window - now end
return {count + n, math.max(wait, 1)}
`;

/** Read-only: {events in the window, ms until the oldest leaves it (0 when empty)}. ARGV[1] = window seconds. */
export const SLIDING_WINDOW_PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1]) * 1000
local count = redis.call('ZCOUNT', KEYS[1], now - window + 1, '+inf')
local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local wait = 0
if oldest[2] then wait = tonumber(oldest[2]) + window - now end
return {count, wait}
`;
