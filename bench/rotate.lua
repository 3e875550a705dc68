-- wrk script for the seeother benchmark: rotates over many URLs instead of one hot one.
--
--   wrk -t2 -c64 -d10s --latency -s bench/rotate.lua http://127.0.0.1:PORT \
--       -- PATHS_FILE [ACCEPT|-] [HOST]
--
-- PATHS_FILE holds one request path per line (e.g. /doc/person/42). Every request gets the
-- next path, round robin; each thread starts at a different place in the list, so threads
-- and connections never move in step. ACCEPT ("-" for none) and HOST are sent with every
-- request; HOST defaults to the URL's. The requests are formatted once in init(), so wrk
-- spends as little CPU as possible per request (it shares the machine with the server).
--
-- done() prints one line, "BENCH_RESULT {json}", that bench/bench.py reads: requests,
-- duration, bytes, the error counts wrk keeps (socket connect/read/write errors, timeouts,
-- and status >= 400) and latency percentiles in microseconds.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

local requests = {}
local count = 0
local index = 0

function init(args)
  local file = args[1]
  if not file then
    error("rotate.lua: usage: -- PATHS_FILE [ACCEPT|-] [HOST]")
  end
  local headers = {}
  if args[2] and args[2] ~= "-" and args[2] ~= "" then
    headers["Accept"] = args[2]
  end
  if args[3] and args[3] ~= "" then
    headers["Host"] = args[3]
  end
  for line in io.lines(file) do
    if line ~= "" then
      count = count + 1
      requests[count] = wrk.format("GET", line, headers)
    end
  end
  if count == 0 then
    error("rotate.lua: no paths in " .. file)
  end
  -- Spread the threads' starting points over the list.
  local n = thread_number or 1
  index = ((n - 1) * 7919) % count
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
