-- POST /api/v1/contacts with the names of people who exist ($BENCH_NAMES: "first<TAB>last" lines read
-- from the data set) and a new email address each time: the duplicate check finds their namesakes
-- through the blocking keys and holds most of them back (409 with the look-alikes). Both answers are
-- the check doing its work; other statuses are errors.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()
wrk.headers["Content-Type"] = "application/json"

local run = os.getenv("BENCH_RUN") or "0"
local names = {}
local n = 0

function init(args)
  for i, line in ipairs(bench_lines(os.getenv("BENCH_NAMES"))) do
    local first, last = line:match("^([^\t]*)\t(.*)$")
    names[i] = { first or line, last or "" }
  end
end

local function quote(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

function request()
  n = n + 1
  local name = names[(n + (tid or 0) * 13) % #names + 1]
  local key = string.format("%s-%d-%d", run, tid or 0, n)
  local body = string.format('{"first_name":"%s","last_name":"%s","emails":["dup.%s@loadtest.example"]}',
    quote(name[1]), quote(name[2]), key)
  return wrk.format("POST", "/api/v1/contacts", nil, body)
end

function response(status, headers, body)
  count_conflicts(status)
end
