-- wrk script for the seeother benchmark: rotates over many URLs instead of one hot one.
--
--   wrk -t2 -c64 -d10s --latency -s bench/rotate.lua http://127.0.0.1:PORT \
--       -- PATHS_FILE [ACCEPT|-] [HOST] [START] [THREADS]
--
-- PATHS_FILE holds one request path per line (e.g. /doc/person/42), optionally followed by a
-- tab and an Accept header for that line alone (a mix of kinds in one rotation). Every
-- request gets the next line, round robin. Thread n (from 1) starts at line
-- START + (n - 1) * lines / THREADS, so the threads walk apart; bench/bench.py passes, as
-- START, how far the previous run on this server got, so that with a rotation longer than
-- a run every run asks for things nobody asked for before. Without THREADS the threads start
-- 7919 lines apart. ACCEPT ("-" for none) and HOST are sent with every request; HOST defaults
-- to the URL's.
--
-- Up to SMALL lines, each request is formatted once in init(), so wrk spends as little CPU
-- as possible per request (it shares the machine with the server). Longer files (a rotation
-- over a million things) would take seconds per thread to format, while the threads already
-- started send requests that wrk counts against a clock that has not started yet; they are
-- kept as one string and each request is cut from it when it is sent (a microsecond).
--
-- done() prints one line, "BENCH_RESULT {json}", that bench/bench.py reads: requests,
-- duration, bytes, the error counts wrk keeps (socket connect/read/write errors, timeouts,
-- and status >= 400) and latency percentiles in microseconds.

local SMALL = 50000

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

local headers = {}
local requests = {} -- formatted requests (up to SMALL lines)
local count = 0
local index = 0
local text, pos     -- the whole file and the next line's offset (longer files)
local prefix, suffix

-- The request for one line: "PATH" or "PATH<tab>ACCEPT".
local function format(line)
  local tab = line:find("\t", 1, true)
  if not tab then
    if prefix then
      return prefix .. line .. suffix
    end
    return wrk.format("GET", line, headers)
  end
  local h = {}
  for k, v in pairs(headers) do
    h[k] = v
  end
  h["Accept"] = line:sub(tab + 1)
  return wrk.format("GET", line:sub(1, tab - 1), h)
end

function init(args)
  local file = args[1]
  if not file then
    error("rotate.lua: usage: -- PATHS_FILE [ACCEPT|-] [HOST] [START] [THREADS]")
  end
  if args[2] and args[2] ~= "-" and args[2] ~= "" then
    headers["Accept"] = args[2]
  end
  if args[3] and args[3] ~= "" then
    headers["Host"] = args[3]
  end
  local f = assert(io.open(file, "rb"))
  local all = f:read("*a")
  f:close()
  if all:sub(-1) ~= "\n" then
    all = all .. "\n"
  end
  local lines, at = 0, 1
  while true do
    local e = all:find("\n", at, true)
    if not e then
      break
    end
    lines, at = lines + 1, e + 1
  end
  local start = tonumber(args[4]) or 0
  local threads = tonumber(args[5])
  local n = thread_number or 1
  local first
  if threads and threads > 0 then
    first = start + (n - 1) * math.floor(lines / threads)
  else
    first = start + (n - 1) * 7919
  end
  if lines <= SMALL then
    for line in all:gmatch("[^\n]+") do
      count = count + 1
      requests[count] = format(line)
    end
    if count == 0 then
      error("rotate.lua: no paths in " .. file)
    end
    index = first % count
  else
    text = all
    -- Every line without its own Accept is PREFIX .. path .. SUFFIX.
    local marker = "\1PATH\1"
    local template = wrk.format("GET", marker, headers)
    local at = template:find(marker, 1, true)
    prefix, suffix = template:sub(1, at - 1), template:sub(at + #marker)
    pos = 1
    for _ = 1, first % lines do -- 10 ms per million lines
      pos = text:find("\n", pos, true) + 1
    end
  end
end

function request()
  if not text then
    index = index + 1
    if index > count then
      index = 1
    end
    return requests[index]
  end
  while true do
    local e = text:find("\n", pos, true)
    local line = text:sub(pos, e - 1)
    pos = e + 1
    if pos > #text then
      pos = 1
    end
    if line ~= "" then
      return format(line)
    end
  end
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
