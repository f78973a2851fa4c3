-- POST /api/v1/contacts with a different body every time: thread number and a counter make the
-- names and addresses unique; $BENCH_RUN keeps runs apart.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()
wrk.headers["Content-Type"] = "application/json"

local run = os.getenv("BENCH_RUN") or "0"
local firsts = { "Alice", "Bruno", "Chloé", "Dmitri", "Eva", "Farid", "Greta", "Hiro", "Inès", "Jonas" }
local n = 0

function request()
  n = n + 1
  local key = string.format("%s-%d-%d", run, tid or 0, n)
  local body = string.format(
    '{"first_name":"%s","last_name":"Loadtest %s","title":"Benchmark Engineer",' ..
    '"emails":["load.%s@loadtest.example"],"phones":["+1 617 555 %04d"],"tags":["loadtest"]}',
    firsts[(n % #firsts) + 1], key, key, n % 10000)
  return wrk.format("POST", "/api/v1/contacts", nil, body)
end
