"""The Lua scripts of the Redis journal (`journal_redis.py`): each change of a delivery's
state is one script, atomic on the server. The key layout is in `journal_redis.py` and
DELIVERY.md. Every script takes the key prefix as ARGV[1]."""

# Shared by the scripts: the state counters of a sink, and settling a claimed delivery
# (XACK + XDEL of its stream message).
COMMON = """
local p = ARGV[1]
local function counted(sink, old, new)
  if old ~= new then
    if old then redis.call('HINCRBY', p .. 'counts', sink .. '\\t' .. old, -1) end
    redis.call('HINCRBY', p .. 'counts', sink .. '\\t' .. new, 1)
  end
end
local function settle(sink, d)
  if d.m then
    redis.call('XACK', p .. 'q:' .. sink, 'workers', d.m)
    redis.call('XDEL', p .. 'q:' .. sink, d.m)
    d.m = nil
  end
  d.o = nil
end
"""

RECORD = COMMON + """
local now, batch, final = ARGV[2], ARGV[3], ARGV[4] == '1'
local unless_burned, source, account = ARGV[5] == '1', ARGV[6], ARGV[7]
local nsinks = tonumber(ARGV[8])
local sinks = {}
for i = 1, nsinks do sinks[i] = ARGV[8 + i] end
local first = 9 + nsinks
local count = (#ARGV - first + 1) / 4
local replay = 0
if batch ~= '' and unless_burned and redis.call('ZSCORE', p .. 'burned', batch) then
  return {2, 0, 0}
end
if batch ~= '' then
  if redis.call('ZSCORE', p .. 'batches', batch) then
    replay = 1
    if final then return {1, 0, count} end
  else
    redis.call('ZADD', p .. 'batches', now, batch)
  end
end
local pending = cjson.encode({s = 'pending', a = 0, n = tonumber(now)})
local new, duplicates = 0, 0
for i = first, #ARGV, 4 do
  local key, guid, kind, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local entry = p .. 'e:' .. key
  if redis.call('EXISTS', entry) == 1 then
    duplicates = duplicates + 1
  else
    new = new + 1
    local fields = {'kind', kind, 'guid', guid, 'batch', batch, 'source', source,
                    'account', account, 'at', now, 'payload', payload}
    for _, sink in ipairs(sinks) do
      fields[#fields + 1] = 'd:' .. sink
      fields[#fields + 1] = pending
    end
    redis.call('HSET', entry, unpack(fields))
    redis.call('ZADD', p .. 'entries', now, key)
    if guid ~= '' then redis.call('SADD', p .. 'guid:' .. guid, key) end
    for _, sink in ipairs(sinks) do
      redis.call('XADD', p .. 'q:' .. sink, '*', 'k', key)
      counted(sink, nil, 'pending')
    end
  end
end
return {replay, new, duplicates}
"""

CLAIM = COMMON + """
local sink, me, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local limit, lease_ms, dead_idle = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local q, due, field = p .. 'q:' .. sink, p .. 'due:' .. sink, 'd:' .. sink
-- 1. retries and releases that are due go back into the stream
for _, key in ipairs(redis.call('ZRANGEBYSCORE', due, '-inf', now, 'LIMIT', 0, limit)) do
  redis.call('ZREM', due, key)
  local raw = redis.call('HGET', p .. 'e:' .. key, field)
  if raw and cjson.decode(raw).s == 'pending' then redis.call('XADD', q, '*', 'k', key) end
end
local taken = {}
local function take(messages, uncertain)
  for _, message in ipairs(messages) do
    if message and message[2] then taken[#taken + 1] = {message[1], message[2][2], uncertain} end
  end
end
-- 2. what workers without a heartbeat held: theirs at once; anyone's past the lease
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', q, 'workers')) do
  local info = {}
  for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
  local name = info['name']
  if name ~= me and redis.call('EXISTS', p .. 'worker:' .. name) == 0 then
    if info['pending'] > 0 and #taken < limit then
      local ids = {}
      for _, row in ipairs(redis.call('XPENDING', q, 'workers', '-', '+', limit - #taken, name)) do
        ids[#ids + 1] = row[1]
      end
      if #ids > 0 then
        take(redis.call('XCLAIM', q, 'workers', me, dead_idle, unpack(ids)), 1)
      end
    elseif info['pending'] == 0 then
      redis.call('XGROUP', 'DELCONSUMER', q, 'workers', name)
    end
  end
end
if #taken < limit then
  take(redis.call('XAUTOCLAIM', q, 'workers', me, lease_ms, '0-0', 'COUNT', limit - #taken)[2], 1)
end
-- 3. new deliveries
if #taken < limit then
  local read = redis.call('XREADGROUP', 'GROUP', 'workers', me, 'COUNT', limit - #taken,
                          'STREAMS', q, '>')
  if read then take(read[1][2], 0) end
end
local result = {}
for _, item in ipairs(taken) do
  local id, key, uncertain = item[1], item[2], item[3]
  local entry = p .. 'e:' .. key
  local raw = redis.call('HGET', entry, field)
  local d = raw and cjson.decode(raw)
  local wanted = uncertain == 1 and 'sending' or 'pending'
  if d and d.s == wanted then
    counted(sink, d.s, 'sending')
    d.s, d.o, d.m = 'sending', me, id
    redis.call('HSET', entry, field, cjson.encode(d))
    local row = redis.call('HMGET', entry, 'kind', 'guid', 'batch', 'source', 'account', 'at',
                           'payload')
    table.insert(row, 1, tostring(uncertain))
    table.insert(row, 1, tostring(d.a))
    table.insert(row, 1, key)
    result[#result + 1] = row
  else  -- a stale copy (delivered, given back or pruned meanwhile): drop it
    redis.call('XACK', q, 'workers', id)
    redis.call('XDEL', q, id)
  end
end
return result
"""

DELIVERED = COMMON + """
local sink, now = ARGV[2], tonumber(ARGV[3])
local field = 'd:' .. sink
for i = 4, #ARGV do
  local entry = p .. 'e:' .. ARGV[i]
  local raw = redis.call('HGET', entry, field)
  if raw then
    local d = cjson.decode(raw)
    settle(sink, d)
    if d.s ~= 'delivered' then
      if d.s == 'failed' then redis.call('SREM', p .. 'failed:' .. sink, ARGV[i]) end
      counted(sink, d.s, 'delivered')
      d.s, d.a, d.t, d.e, d.n = 'delivered', d.a + 1, now, nil, nil
      redis.call('HSET', entry, field, cjson.encode(d))
    end
  end
end
return 1
"""

FAILED = COMMON + """
local sink, key, now, error = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local retry_after, permanent = ARGV[6], ARGV[7] == '1'
local max_attempts, base, cap = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local jitter, me = tonumber(ARGV[11]), ARGV[12]
local entry = p .. 'e:' .. key
local raw = redis.call('HGET', entry, 'd:' .. sink)
if not raw then return {'failed', tostring(now)} end
local d = cjson.decode(raw)
if d.s ~= 'sending' or d.o ~= me then  -- a stale report: another worker took it over
  return {d.s, tostring(d.n or now)}
end
settle(sink, d)
local attempts = d.a + 1
local state = (permanent or attempts >= max_attempts) and 'failed' or 'pending'
local wait = tonumber(retry_after)
if not wait then wait = math.min(cap, base * 2 ^ math.max(0, attempts - 1)) * jitter end
local due = now + wait
counted(sink, d.s, state)
d.s, d.a, d.e, d.n = state, attempts, error, due
redis.call('HSET', entry, 'd:' .. sink, cjson.encode(d))
if state == 'pending' then
  redis.call('ZADD', p .. 'due:' .. sink, due, key)
else
  redis.call('SADD', p .. 'failed:' .. sink, key)
end
return {state, tostring(due)}
"""

RELEASE = COMMON + """
local sink, key, not_before, me = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local entry = p .. 'e:' .. key
local raw = redis.call('HGET', entry, 'd:' .. sink)
if not raw then return 0 end
local d = cjson.decode(raw)
if d.s ~= 'sending' or d.o ~= me then return 0 end  -- not (or no longer) this worker's
settle(sink, d)
counted(sink, d.s, 'pending')
d.s, d.n = 'pending', not_before
redis.call('HSET', entry, 'd:' .. sink, cjson.encode(d))
redis.call('ZADD', p .. 'due:' .. sink, not_before, key)
return 1
"""

# ARGV: prefix, now, only_failed, nsinks, sinks..., keys... (no sinks: every sink of an entry)
REDELIVER = COMMON + """
local now, only_failed, nsinks = tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local wanted = {}
for i = 1, nsinks do wanted[ARGV[4 + i]] = true end
local changed = 0
for i = 5 + nsinks, #ARGV do
  local key = ARGV[i]
  local entry = p .. 'e:' .. key
  local fields = redis.call('HGETALL', entry)
  for j = 1, #fields, 2 do
    local sink = string.match(fields[j], '^d:(.*)$')
    if sink and (nsinks == 0 or wanted[sink]) then
      local d = cjson.decode(fields[j + 1])
      if d.s ~= 'sending' and (d.s == 'failed' or not only_failed) then
        if d.s == 'failed' then redis.call('SREM', p .. 'failed:' .. sink, key) end
        counted(sink, d.s, 'pending')
        d.s, d.a, d.n, d.e, d.t = 'pending', 0, now, nil, nil
        redis.call('HSET', entry, fields[j], cjson.encode(d))
        redis.call('ZADD', p .. 'due:' .. sink, now, key)
        changed = changed + 1
      end
    end
  end
end
return changed
"""

# ARGV: prefix, keys... : entries whose deliveries are all delivered go (with their counts).
PRUNE = COMMON + """
local removed = 0
for i = 2, #ARGV do
  local key = ARGV[i]
  local entry = p .. 'e:' .. key
  local fields = redis.call('HGETALL', entry)
  local sinks, done, guid = {}, true, nil
  for j = 1, #fields, 2 do
    local sink = string.match(fields[j], '^d:(.*)$')
    if sink then
      sinks[#sinks + 1] = sink
      if cjson.decode(fields[j + 1]).s ~= 'delivered' then done = false end
    elseif fields[j] == 'guid' then
      guid = fields[j + 1]
    end
  end
  if done then
    for _, sink in ipairs(sinks) do
      redis.call('HINCRBY', p .. 'counts', sink .. '\\tdelivered', -1)
    end
    redis.call('DEL', entry)
    redis.call('ZREM', p .. 'entries', key)
    if guid and guid ~= '' then redis.call('SREM', p .. 'guid:' .. guid, key) end
    removed = removed + 1
  end
end
return removed
"""
