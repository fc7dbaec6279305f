-- wrk script: cycles through the fixed query mix in $QUERIES (one query per
-- line), sending GET /search?q=...&<$EXTRA> with snippets on.
local mix = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../common/query_mix.lua")
local queries = mix.load_queries()
local extra = os.getenv("EXTRA") or ""

setup = mix.set_offset

local i = 0
function request()
  i = i + 1
  local q = queries[((i + offset) % #queries) + 1]
  local path = "/search?q=" .. q
  if #extra > 0 then path = path .. "&" .. extra end
  return wrk.format("GET", path)
end
