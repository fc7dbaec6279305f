#!/usr/bin/env bash
# Replicas on loopback: a master index served by scripts/replicate.sh serve,
# a replica fetched with follow --once and searched; then a commit and a
# reindex on the master reach the replica. Usage: replicate_test.sh BUILD_DIR
set -euo pipefail
BUILD=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v xapian-replicate-server >/dev/null || { echo "xapian-tools missing: skipped"; exit 77; }
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
search_ids() { "$BUILD/search/byline-search" --index "$WORK/replica" --json -n 100 "$1" |
  python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["ids"])))'; }

export XAPIAN_MAX_CHANGESETS=10
mkdir -p "$WORK/master"
"$BUILD/indexer/byline-indexer" -q --index "$WORK/master/news" "$ROOT/data/articles.jsonl"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own session: xapian-replicate-server signals its whole process group
# when it stops, which would take this script (and ctest) with it.
setsid "$ROOT/scripts/replicate.sh" serve "$WORK/master" "$PORT" 127.0.0.1 >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 100); do
  timeout 10 "$ROOT/scripts/replicate.sh" follow 127.0.0.1 "$PORT" news "$WORK/replica" --once \
    >/dev/null 2>&1 && break
  sleep 0.1
done
[ -f "$WORK/replica/XAPIANDB" ] || fail "the replica was never fetched"

want=$("$BUILD/search/byline-search" --index "$WORK/master/news" --json -n 100 solar |
  python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["ids"])))')
[ -n "$want" ] || fail "master found nothing for solar"
[ "$(search_ids solar)" = "$want" ] || fail "replica answers differently: $(search_ids solar) vs $want"

# A commit on the master reaches the replica.
printf '{"id":"zebra-1","title":"Zebra crossing opens","body":"The zebra crossing by the harbour opens."}\n' |
  "$BUILD/indexer/byline-indexer" -q --index "$WORK/master/news" -
timeout 10 "$ROOT/scripts/replicate.sh" follow 127.0.0.1 "$PORT" news "$WORK/replica" --once
[ "$(search_ids zebra)" = "zebra-1" ] || fail "the commit did not reach the replica"

# A reindex (new generation, atomic switch) reaches it too.
head -3 "$ROOT/data/articles.jsonl" | "$BUILD/indexer/byline-indexer" -q --index "$WORK/master/news" --reindex -
timeout 10 "$ROOT/scripts/replicate.sh" follow 127.0.0.1 "$PORT" news "$WORK/replica" --once
[ -z "$(search_ids zebra)" ] || fail "the replica still has the pre-reindex articles"
[ "$(search_ids '')" = "$(head -3 "$ROOT/data/articles.jsonl" | python3 -c 'import json,sys; print(" ".join(sorted(json.loads(l)["id"] for l in sys.stdin)))')" ] ||
  fail "the replica does not hold exactly the reindexed articles"

# Bad arguments are refused with a message, not run.
if "$ROOT/scripts/replicate.sh" follow 127.0.0.1 notaport news "$WORK/r2" 2>"$WORK/err"; then
  fail "a bad port was accepted"
fi
grep -q "PORT" "$WORK/err" || fail "the bad-port message does not name PORT"
echo "replicate_test: OK"
