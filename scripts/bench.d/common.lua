-- Shared by the benchmark's wrk scripts (scripts/bench): authentication from the environment, and a
-- done() that writes the run's figures as JSON to $BENCH_OUT for scripts/bench.d/helper.py.
--   BENCH_TOKEN   API token, sent as "Authorization: Bearer …"
--   BENCH_COOKIE  Cookie header for web pages (the signed-in session)

function bench_headers()
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

-- Lines of a file, or an error naming it.
function bench_lines(path)
  local lines = {}
  local f = assert(io.open(path, "r"), "cannot read " .. tostring(path))
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

-- Thread numbers 0, 1, … so each thread can take its own share of IDs and its own counter space.
local thread_count = 0
local threads = {}
function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  threads[#threads + 1] = thread
end

-- Scripts whose requests may be answered 409 on purpose (a look-alike held back, the outreach guard
-- warning) count those in each thread; done() reports them apart from real errors.
conflicts = 0
function count_conflicts(status)
  if status == 409 then conflicts = conflicts + 1 end
end

function done(summary, latency, requests)
  local out = os.getenv("BENCH_OUT")
  if not out or out == "" then return end
  local f = assert(io.open(out, "w"))
  local e = summary.errors
  local answered409 = 0
  for _, thread in ipairs(threads) do answered409 = answered409 + (tonumber(thread:get("conflicts")) or 0) end
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,"conflicts":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(90)), math.floor(latency:percentile(99)),
    math.floor(latency.max), math.floor(latency.mean),
    e.connect, e.read, e.write, e.status, e.timeout, answered409))
  f:close()
end
