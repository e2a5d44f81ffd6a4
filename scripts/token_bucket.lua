-- token_bucket.lua: a token-bucket rate limiter, decided atomically.
--
-- KEYS[1]  the bucket: a hash {tokens, ts} (expires once it would be full)
-- KEYS[2]  a counter of refused requests
-- ARGV[1]  capacity (tokens)
-- ARGV[2]  refill rate (tokens per second)
-- ARGV[3]  tokens this request takes
-- Reply    1 if the request is allowed, 0 if refused.
--
-- MULTI/WATCH counterpart: WATCH bucket; HMGET bucket tokens ts; compute
-- in the client; MULTI; HSET bucket ...; PEXPIRE bucket ...; EXEC, retried
-- on a null reply: three round trips per decision and retries under
-- contention, where the script takes one.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or capacity
local ts = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)
local allowed = tokens >= want
if allowed then
  tokens = tokens - want
else
  redis.call('INCR', KEYS[2])
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000))
if allowed then return 1 end
return 0
