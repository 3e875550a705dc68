-- wrk script for the benchmark's hostile case: every request is one nobody asked for before,
-- as a cache-busting crawler or an attacker would send them. Each takes a path of PATHS_FILE
-- (round robin), adds a query string of junk, and asks either for Turtle or, every other
-- time, for HTML in a random language (a language range of its own each time). MODE "plain"
-- sends the same requests without the junk and with one language, as benign company.
--
--   wrk -t2 -c32 -d10s --latency -s bench/flood.lua http://127.0.0.1:PORT -- PATHS_FILE [HOST [MODE]]
--
-- done() prints "BENCH_RESULT {json}" as rotate.lua does.

local paths = {}
local count = 0
local index = 0
local serial = 0
local host
local plain = false

function setup(thread)
  thread:set("thread_seed", math.random(1, 1000000000))
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  for line in f:lines() do
    local path = line:match("^[^\t]+")
    if path and path ~= "" then
      count = count + 1
      paths[count] = path
    end
  end
  f:close()
  if count == 0 then
    error("flood.lua: no paths in " .. args[1])
  end
  host = args[2]
  plain = args[3] == "plain"
  math.randomseed(thread_seed or os.time())
  index = math.random(1, count)
end

local letters = "abcdefghijklmnopqrstuvwxyz"

local function junk(n)
  local out = {}
  for i = 1, n do
    local k = math.random(1, #letters)
    out[i] = letters:sub(k, k)
  end
  return table.concat(out)
end

function request()
  index = index % count + 1
  serial = serial + 1
  local headers = {}
  if host and host ~= "" then
    headers["Host"] = host
  end
  if serial % 2 == 0 then
    headers["Accept"] = "text/html"
  else
    headers["Accept"] = "text/turtle"
  end
  if plain then
    headers["Accept-Language"] = "en"
    return wrk.format("GET", paths[index], headers)
  end
  headers["Accept-Language"] = "x-" .. junk(8) .. ", en;q=0.5"
  return wrk.format("GET", paths[index] .. "?utm_source=" .. junk(12) .. "&n=" .. serial, headers)
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
