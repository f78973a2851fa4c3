-- GET /api/v1/outreach/check for the contacts in $BENCH_IDS in turn, about $BENCH_PURPOSE, as a call:
-- what the activity form asks before an outbound call is logged.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()

local paths = {}
local n = 0

function init(args)
  local purpose = os.getenv("BENCH_PURPOSE") or ""
  for i, id in ipairs(bench_lines(os.getenv("BENCH_IDS"))) do
    paths[i] = "/api/v1/outreach/check?channel=call&contact_id=" .. id .. (purpose ~= "" and ("&purpose_id=" .. purpose) or "")
  end
  n = (tid or 0) * 991
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
