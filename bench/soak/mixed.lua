-- wrk script for the soak: valid searches from $QUERIES interleaved with
-- junk a public search box receives (invalid UTF-8, NUL bytes, huge and
-- deep pages, wildcard explosions, path traversal, oversized parameters).
-- Counts answers by status class and prints them at the end, so the run
-- can check there was no 5xx at all.
local mix = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../common/query_mix.lua")
local queries = mix.load_queries()

local junk = {
  "/search?q=%FF%FE%00oil",
  "/search?q=" .. string.rep("a", 3000),
  "/search?q=oil&page=1000&per_page=100",
  "/search?q=oil&page=-1",
  "/search?q=a*+b*+c*+d*+e*+s*+t*&op=or&per_page=100",
  "/search?q=%22unbalanced+AND+OR+NOT+(",
  "/search?q=oil&facets=source,tag,year&facet_size=100&sort=-date",
  "/search?q=" .. string.rep("to+", 600) .. "oil",
  "/articles/..%2F..%2F..%2Fetc%2Fpasswd",
  "/articles/%00",
  "/suggest?q=s&completions=20&titles=20",
  "/suggest?q=%C3",
  "/nope/../../etc/passwd",
  "/search?q=oil&highlight_class=%22%3E%3Cscript%3E",
}

local threads = {}
function setup(thread)
  mix.set_offset(thread)
  table.insert(threads, thread)
end

local i = 0
s2, s4, s5 = 0, 0, 0
function request()
  i = i + 1
  -- One request in four is junk.
  if i % 4 == 0 then
    return wrk.format("GET", junk[((i / 4 + offset) % #junk) + 1])
  end
  return wrk.format("GET", "/search?q=" .. queries[((i + offset) % #queries) + 1])
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  else
    s2 = s2 + 1
  end
end

function done(summary, latency, requests)
  local t2, t4, t5 = 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("s2")
    t4 = t4 + thread:get("s4")
    t5 = t5 + thread:get("s5")
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%d ok=%d client_errors=%d server_errors=%d " ..
                         "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
                         "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                         summary.requests, t2, t4, t5, e.connect, e.read, e.write, e.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency.max / 1000))
end
