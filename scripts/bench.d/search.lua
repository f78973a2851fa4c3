-- Search as typed: GET /api/v1/search?q=<prefix>, cycling through 2–5 letter prefixes of people's
-- names, companies, trades and cities, as someone typing into the search box sends them.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()

local prefixes = {
  "an", "ann", "anna", "ma", "mar", "mari", "marie", "mü", "mül", "müll", "mull", "sch", "schm", "schmi",
  "sm", "smi", "smit", "jo", "joh", "john", "le", "lef", "lefe", "dub", "dubo", "dubois", "be", "bec", "beck",
  "ki", "kim", "ta", "tan", "tana", "nak", "naka", "in", "ins", "inst", "instr", "anal", "analy", "la", "lab",
  "labs", "bio", "bios", "gar", "garc", "garcí", "lo", "lop", "lope", "pa", "pat", "pate", "ch", "che", "chen",
  "wa", "wan", "wang", "ol", "oli", "oliv", "so", "sop", "soph", "da", "dan", "dani", "ro", "rob", "robe",
  "zo", "zoe", "zoë", "ly", "lyo", "lyon", "bo", "bos", "bost", "phot", "optic", "sens", "senso", "ne", "new",
  "ka", "kat", "kath", "ja", "jam", "jame", "ha", "han", "hann", "fr", "fra", "fran", "ng", "ngu", "nguy",
}

local function escape(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, p in ipairs(prefixes) do paths[i] = "/api/v1/search?q=" .. escape(p) end
local n = 0

function init(args)
  n = (tid or 0) * 37
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
