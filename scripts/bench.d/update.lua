-- PATCH /api/v1/contacts/<id> round-robin over the records in $BENCH_UPDATE ("id version" lines,
-- read just before the run). Each thread takes every Nth line ($BENCH_THREADS threads) and sends
-- If-Match with the version it last saw; every answer (200 with the record, or 409 with the current
-- record) tells it the next version. With many more records than connections, a record is not
-- changed twice at once, so nearly every PATCH is a real, conflict-free update.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()
wrk.headers["Content-Type"] = "application/json"

local ids = {}
local versions = {}
local n = 0

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local me = tid or 0
  for i, line in ipairs(bench_lines(os.getenv("BENCH_UPDATE"))) do
    if (i - 1) % threads == me then
      local id, version = line:match("^(%S+)%s+(%d+)")
      ids[#ids + 1] = id
      versions[id] = tonumber(version)
    end
  end
end

function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local body = string.format('{"title":"Benchmark title %d-%d"}', tid or 0, n)
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["If-Match"] = '"' .. versions[id] .. '"'
  return wrk.format("PATCH", "/api/v1/contacts/" .. id, headers, body)
end

function response(status, headers, body)
  local id = body:match('"id":"([%x%-]+)"')
  local version = nil
  for v in body:gmatch('"version":(%d+)') do version = v end
  if id and version and versions[id] then versions[id] = tonumber(version) end
end
