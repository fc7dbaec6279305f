-- wrk script: cycles through the fixed query mix in $QUERIES (one query per
-- line), sending GET /search?q=...&<$EXTRA> with snippets on.
local queries = {}
local extra = os.getenv("EXTRA") or ""

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

for line in io.lines(os.getenv("QUERIES")) do
  if #line > 0 then queries[#queries + 1] = urlencode(line) end
end

local counter = 0
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

local i = 0
function request()
  i = i + 1
  local q = queries[((i + offset) % #queries) + 1]
  local path = "/search?q=" .. q
  if #extra > 0 then path = path .. "&" .. extra end
  return wrk.format("GET", path)
end
