#!/usr/bin/env bash
# Runs docs/sites.md's walk-throughs as written: each "## " section's ```sh
# blocks, in order, in a directory of its own holding what the section
# starts from (a site's output directory, a CMS export, a feed), made here;
# then checks what they must have done. Two substitutions only: the port
# (a free one, not 8080) and the feed's address (a local file, not
# news.example.com). Usage: sites_walkthroughs_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOC="$ROOT/docs/sites.md"
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
WORK=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export PATH="$BUILD/indexer:$BUILD/searchd:$BUILD/search:$PATH"
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The sh blocks of section N (1-based), one after another.
section_blocks() {
  awk -v want="$1" '
    /^## / { section++ }
    /^```sh$/ { if (section == want) { inside = 1; next } }
    /^```/ { inside = 0 }
    inside { print }
  ' "$DOC"
}

# Runs section N's blocks in DIR with searchd on PORT; background jobs the
# blocks start (byline-searchd) are stopped when they are done.
run_section() {
  local n=$1 dir=$2 port=$3 script
  script=$(section_blocks "$n")
  [ -n "$script" ] || fail "docs/sites.md section $n has no sh block"
  script=${script//127.0.0.1:8080/127.0.0.1:$port}
  script=${script//https:\/\/news.example.com\//file://$WORK/www/}
  (cd "$dir" && BYLINE_LISTEN="127.0.0.1:$port" bash -euo pipefail -c \
    "$script"$'\n''for j in $(jobs -p); do kill "$j" 2>/dev/null || true; done; wait' >"$dir/out.txt" 2>"$dir/err.txt") ||
    { cat "$dir/out.txt" "$dir/err.txt" >&2; fail "section $n's commands failed"; }
}

json_of() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- 1. A static site's output directory -------------------------------
S="$WORK/site"
mkdir -p "$S/public/guide" "$S/public/api"
page() {  # FILE TITLE BODY [HEAD]
  printf '<!DOCTYPE html><html><head><title>%s</title>%s</head><body><nav>Home | Guide | API</nav><main><h1>%s</h1><p>%s</p></main><footer>Example Inc.</footer></body></html>\n' \
    "$2" "${4:-}" "$2" "$3" >"$S/public/$1"
}
page index.html "Example documentation" "Welcome to the manual of the example toolkit."
page guide/streams.html "Readable streams" "Readable streams deliver data in chunks; a paused readable stream buffers."
page guide/files.html "Working with files" "Open, read and close files. Streams read large files."
page api/fs.html "fs module" "The fs module reads files and directories." \
  '<link rel="canonical" href="https://example.com/docs/api/fs-module.html">'
page api/all.html "All of the API" "Readable streams, files, the fs module: every page in one."
page 404.html "Not found" "This page does not exist."
# A Windows-1252 page that says so: "Café" with 0xE9.
printf '<html><head><meta charset="windows-1252"><title>Caf\xe9 streams</title></head><body><p>Streams in the caf\xe9 of the toolkit.</p></body></html>\n' \
  >"$S/public/guide/cafe.html"

PORT=$(free_port)
run_section 1 "$S" "$PORT"
grep -q "5 files, 2 excluded" "$S/err.txt" "$S/out.txt" ||
  fail "the summary does not count the walk: $(cat "$S/err.txt")"
search1() { byline-search --index "$S/var/docs" --json -n 20 "$1"; }
[ "$(search1 'readable' | json_of 'sorted(h["url"] for h in d["hits"])')" = \
  "['https://example.com/docs/guide/streams.html']" ] ||
  fail "readable: $(search1 readable)"
[ "$(search1 'fs module' | json_of 'd["hits"][0]["url"]')" = \
  "https://example.com/docs/api/fs-module.html" ] || fail "the canonical link did not win"
[ "$(search1 '' | json_of 'sorted(d["ids"])')" = \
  "['api/fs', 'guide/cafe', 'guide/files', 'guide/streams', 'index']" ] || fail "the excluded pages: $(search1 '')"
[ "$(search1 'café' | json_of 'd["hits"][0]["title"]')" = "Café streams" ] || fail "the charset"
grep -q "Readable streams" "$S/out.txt" || fail "byline-search's answer is not in the output"
grep -q '"url": *"https://example.com/docs/guide/streams.html"' "$S/out.txt" ||
  fail "searchd did not answer with the page's URL"
# The page searchd served was the site's (its log is gone with it: start it
# again with the same config to look).
# (exec: $! is then searchd itself, which `kill` below must reach; it was
# the subshell, and searchd outlived the test.)
(cd "$S" && BYLINE_LISTEN="127.0.0.1:$PORT" exec byline-searchd --config searchd.toml >/dev/null 2>&1) &
SD=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$PORT/" | grep -q "<title>Search the Example docs</title>" ||
  fail "the page is not branded"
kill "$SD"; wait "$SD" 2>/dev/null || true

# --- 2. A CMS pushing its articles over HTTP ----------------------------
C="$WORK/cms"
mkdir -p "$C"
cat >"$C/article-42.json" <<'EOF'
{"title": "Harbour lights return", "body": "<p>The <b>harbour</b> lights are back after the storm.</p><p>Boats &amp; ferries sail again.</p>", "published": "March 5, 2024", "tags": ["harbour"]}
EOF
{
  printf '{"id":"43","title":"Harbour closed","body":"<p>The harbour closes for repairs.</p>"}\n'
  printf '{"id":"44","title":"Market day","body":"<p>Fresh fish at the harbour market.</p>","body_format":"html"}\n'
  printf '{"id":"45","title":"Bad record"}\n'
} >"$C/export.jsonl"
PORT=$(free_port)
run_section 2 "$C" "$PORT"
search2() { byline-search --index "$C/var/cms" --json -n 20 "$1"; }
[ "$(search2 'harbour' | json_of 'sorted(d["ids"])')" = "['42', '44']" ] ||
  fail "after the writes: $(search2 harbour)"
grep -q '"line": *3' "$C/out.txt" || fail "the bad record was not reported with its line"
snippet=$(search2 'lights ferries' | json_of 'd["hits"][0]["snippet_html"]')
case "$snippet" in *"&lt;"* | *"&amp;amp;"* | *"<p>"*) fail "the HTML body kept its markup: $snippet" ;; esac
case "$snippet" in *"ferries"*) ;; *) fail "the snippet: $snippet" ;; esac
[ "$(search2 lights | json_of 'd["hits"][0]["published"]')" = "2024-03-05" ] || fail "the date"

# --- 3. A news site's RSS feed, on a cron --------------------------------
N="$WORK/news"
mkdir -p "$N" "$WORK/www"
feed() {  # ITEMS...: id:title
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>The Harbour Gazette</title><link>https://news.example.com/</link>\n'
    for item in "$@"; do
      printf '<item><guid>https://news.example.com/%s</guid><link>https://news.example.com/%s.html</link><title>%s</title><pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate><category>coast</category><content:encoded><![CDATA[<p>%s by the lighthouse.</p>]]></content:encoded></item>\n' \
        "${item%%:*}" "${item%%:*}" "${item#*:}" "${item#*:}"
    done
    printf '</channel></rss>\n'
  } >"$WORK/www/feed.rss"
}
feed "a:Storm warning" "b:Lighthouse keeper retires"
PORT=$(free_port)
run_section 3 "$N" "$PORT"
search3() { byline-search --index "$N/var/news" --json -n 20 "$1"; }
[ "$(search3 '' | json_of 'sorted(i[-1] for i in d["ids"])')" = "['a', 'b']" ] || fail "first fetch: $(search3 '')"
# The next cron run: the feed has moved on (a fell out, b changed, c is new).
feed "b:Lighthouse keeper retires at last" "c:Ferry timetable"
"$N/update-news.sh"
[ "$(search3 '' | json_of 'sorted(i[-1] for i in d["ids"])')" = "['a', 'b', 'c']" ] ||
  fail "the archive lost items: $(search3 '')"
[ "$(search3 keeper | json_of 'd["hits"][0]["title"]')" = "Lighthouse keeper retires at last" ] ||
  fail "the changed item was not updated"
[ "$(search3 ferry | json_of 'd["hits"][0]["url"] + " " + d["hits"][0]["source"]')" = \
  "https://news.example.com/c.html The Harbour Gazette" ] || fail "the item's link and the feed's title"
if byline-indexer --index "$N/var/news" --sync "$WORK/www/feed.rss" 2>"$N/sync.txt"; then
  fail "--sync with a feed was not refused"
fi
grep -q -- "--sync does not go with a feed" "$N/sync.txt" || fail "the --sync refusal: $(cat "$N/sync.txt")"
echo "sites_walkthroughs_test: OK"
