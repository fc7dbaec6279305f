-- Shared by the wrk scripts (bench/http/query_mix.lua, bench/soak/mixed.lua):
-- the query mix and where each wrk thread starts in it. Loaded with
--   local mix = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../common/query_mix.lua")
local mix = {}

-- `s` as a URL query value.
function mix.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- The non-empty lines of the file $QUERIES names (one query a line), URL-encoded.
function mix.load_queries()
  local queries = {}
  for line in io.lines(os.getenv("QUERIES")) do
    if #line > 0 then queries[#queries + 1] = mix.urlencode(line) end
  end
  return queries
end

-- For wrk's setup(): each thread starts 7919 queries further into the mix than the
-- one before (its "offset"), so the threads do not send the same queries together.
local threads_started = 0
function mix.set_offset(thread)
  thread:set("offset", threads_started * 7919)
  threads_started = threads_started + 1
end

return mix
