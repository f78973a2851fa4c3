-- POST /api/v1/activities: an outbound call about $BENCH_PURPOSE with each contact of $BENCH_IDS in
-- turn, so the outreach guard checks every one (other teams' calls about it in its quiet window, open
-- follow-ups, the frequency cap, opt-out). A 409 is the guard warning; other statuses are errors.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()
wrk.headers["Content-Type"] = "application/json"

local ids = {}
local n = 0
local purpose = os.getenv("BENCH_PURPOSE") or ""

function init(args)
  ids = bench_lines(os.getenv("BENCH_IDS"))
  n = (tid or 0) * 577
end

function request()
  n = n + 1
  local body = string.format('{"kind":"call","direction":"outbound","contact_id":"%s"%s,"subject":"Benchmark call %d"}',
    ids[(n % #ids) + 1], purpose ~= "" and (',"purpose_id":"' .. purpose .. '"') or "", n)
  return wrk.format("POST", "/api/v1/activities", nil, body)
end

function response(status, headers, body)
  count_conflicts(status)
end
