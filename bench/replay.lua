-- wrk script for the SPARQL backend's engine baseline: sends the very queries seeother sent
-- for a set of cold documents (captured with SEEOTHER_SPARQL_TRACE=1) straight to the
-- endpoint, as seeother sends them (POST, form-encoded, Accept N-Triples), round robin.
--
--   wrk -t1 -c8 -d10s --latency -s bench/replay.lua http://127.0.0.1:PORT \
--       -- BODIES_FILE PATH [START] [THREADS]
--
-- BODIES_FILE holds one form-encoded body ("query=...") per line. done() prints the same
-- "BENCH_RESULT {json}" line as rotate.lua.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

local requests = {}
local count = 0
local index = 0

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/n-triples, text/turtle;q=0.9",
  }
  for line in f:lines() do
    if line ~= "" then
      count = count + 1
      requests[count] = wrk.format("POST", args[2], headers, line)
    end
  end
  f:close()
  if count == 0 then
    error("replay.lua: no queries in " .. args[1])
  end
  local threads = tonumber(args[4]) or 1
  local start = tonumber(args[3]) or 0
  index = (start + ((thread_number or 1) - 1) * math.floor(count / threads)) % count
end

function request()
  index = index + 1
  if index > count then
    index = 1
  end
  return requests[index]
end

function done(summary, latency, requests_stats)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
