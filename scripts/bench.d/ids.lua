-- GET /api/v1/contacts/<id>, cycling through the IDs in $BENCH_IDS (spread over the whole data set).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()

local paths = {}
local n = 0

function init(args)
  for i, id in ipairs(bench_lines(os.getenv("BENCH_IDS"))) do paths[i] = "/api/v1/contacts/" .. id end
  n = (tid or 0) * 997
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
