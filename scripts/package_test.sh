#!/usr/bin/env bash
# Builds the Debian package (scripts/package.sh) and checks it without
# installing it: unpacks it with dpkg -x into a scratch root, runs each
# program's --version from there, indexes data/ and searches it with the
# unpacked programs, starts the unpacked byline-searchd with the packaged
# /etc/byline/searchd.toml, checks the control data (conffiles, maintainer
# scripts, a computed Depends), that the config names every option of
# --help, and runs systemd-analyze verify on the units where it exists.
# scripts/test.sh runs it beside the ASan build; it can run alone.
#
#   scripts/package_test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$BYLINE_ROOT"
BUILD="$BYLINE_BUILD"
# package.sh installs what the build needs; the checks need curl and python3.
byline_install_packages curl python3
start=$SECONDS

fail() {
  echo "package_test: FAIL: $*" >&2
  exit 1
}

echo "==> Building the package (scripts/package.sh)"
mkdir -p "$BUILD"
"$ROOT/scripts/package.sh" >"$BUILD/package.log" 2>&1 || {
  cat "$BUILD/package.log"
  fail "scripts/package.sh failed"
}
version="$(sed -n 's/^project(byline VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
deb="$BUILD/byline_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb"

SCRATCH="$(mktemp -d)"
SEARCHD_PID=""
cleanup() {
  [ -n "$SEARCHD_PID" ] && kill "$SEARCHD_PID" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
root="$SCRATCH/root"
dpkg -x "$deb" "$root"

echo "==> Contents and control data"
for f in usr/bin/byline-indexer usr/bin/byline-search usr/bin/byline-searchd \
  etc/byline/searchd.toml lib/systemd/system/byline-searchd.service \
  usr/share/man/man1/byline-indexer.1.gz usr/share/man/man1/byline-search.1.gz \
  usr/share/man/man1/byline-searchd.1.gz usr/share/doc/byline/copyright \
  usr/share/doc/byline/examples/byline-reindex.service \
  usr/share/doc/byline/examples/byline-reindex.timer; do
  [ -e "$root/$f" ] || fail "$f is not in the package"
done
dpkg-deb -c "$deb" | grep -q ' \./usr/share/man/man1/byline-searchd\.1\.gz$' || fail "dpkg-deb -c lists no man page"
info="$(dpkg-deb -I "$deb")"
ctl="$SCRATCH/control"
dpkg-deb -e "$deb" "$ctl"
grep -qx '/etc/byline/searchd.toml' "$ctl/conffiles" || fail "searchd.toml is not a conffile"
for s in postinst prerm postrm; do [ -x "$ctl/$s" ] || fail "no $s"; done
grep -q 'adduser --system --group' "$ctl/postinst" || fail "postinst makes no system user"
depends="$(dpkg-deb -f "$deb" Depends)"
# Computed by dpkg-shlibdeps: the libraries the programs link, with versions.
for lib in libc6 libxapian30 libgcc-s1; do
  echo "$depends" | grep -qE "(^|, )$lib \(>= [^)]+\)" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's version is not $version"
zcat "$root/usr/share/man/man1/byline-searchd.1.gz" | grep -q -- 'trusted\\-proxy' ||
  fail "byline-searchd.1 does not describe --trusted-proxy"
echo "$info" | grep -E '^ (Depends|Installed-Size):'

echo "==> The config names every option of byline-searchd --help"
toml="$root/etc/byline/searchd.toml"
count=0
for opt in $("$root/usr/bin/byline-searchd" --help | grep -oE '^  --[a-z][a-z-]*' | sed 's/^  --//'); do
  case "$opt" in help | version | config) continue ;; esac
  grep -qE "^(# )?$opt = " "$toml" || fail "searchd.toml lacks --$opt"
  count=$((count + 1))
done
[ "$count" -ge 10 ] || fail "only $count options found in --help"
echo "$count options, each in searchd.toml"

echo "==> The unpacked programs run"
for p in byline-indexer byline-search byline-searchd; do
  out="$("$root/usr/bin/$p" --version)"
  [[ "$out" == "$p $version"* ]] || fail "$p --version says '$out', not $version"
done
index="$SCRATCH/index"
"$root/usr/bin/byline-indexer" --index "$index" --quiet "$ROOT/data/articles.jsonl"
# The first article's id and title: searching its title must find it.
first="$(head -n 1 "$ROOT/data/articles.jsonl")"
id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$first")"
title="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["title"])' "$first")"
hits="$("$root/usr/bin/byline-search" --index "$index" --json --op or -n 5 "$title")"
python3 -c 'import json,sys; ids=[h["id"] for h in json.loads(sys.argv[1])["hits"]]; sys.exit(0 if sys.argv[2] in ids else 1)' \
  "$hits" "$id" || fail "searching '$title' did not find $id: $hits"
echo "search for the title of $id found it"

# The packaged config as the unit uses it; only the index, the state
# directory (/var/lib/byline/state in the file) and the port differ.
grep -qx 'state-dir = "/var/lib/byline/state"' "$toml" || fail "searchd.toml does not set state-dir"
log="$SCRATCH/searchd.log"
"$root/usr/bin/byline-searchd" --config "$toml" --index "$index" --state-dir "$SCRATCH/state" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
SEARCHD_PID=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$SEARCHD_PID" 2>/dev/null || break
  sleep 0.1
done
url="$(sed -n 's/^byline-searchd: listening on \(http[^ ]*\).*/\1/p' "$log")"
[ -n "$url" ] || fail "byline-searchd with the packaged config did not start: $(cat "$log")"
body="$(curl -fsS "$url/health")" || fail "GET /health failed"
echo "$body" | grep -q "\"$version" || fail "/health does not name version $version: $body"
kill "$SEARCHD_PID"
wait "$SEARCHD_PID" 2>/dev/null || true
SEARCHD_PID=""
echo "byline-searchd --config searchd.toml served /health"

echo "==> systemd units"
if command -v systemd-analyze >/dev/null 2>&1; then
  # verify looks up ExecStart's program: point it at the unpacked tree.
  units="$SCRATCH/units"
  mkdir -p "$units"
  for u in "$root/lib/systemd/system/byline-searchd.service" \
    "$root"/usr/share/doc/byline/examples/byline-reindex.*; do
    sed -e "s#/usr/bin/byline-#$root/usr/bin/byline-#" "$u" >"$units/$(basename "$u")"
  done
  out="$(systemd-analyze verify --man=no "$units"/*.service "$units"/*.timer 2>&1)" ||
    fail "systemd-analyze verify: $out"
  # Without a running systemd (a container) it still checks the syntax; it
  # reports unknown keys and bad values as warnings, which count here.
  if echo "$out" | grep -E "$units/" | grep -vE "Failed to (connect|create|setup)|User .* not|is not a .*unit" | grep -q .; then
    fail "systemd-analyze verify: $out"
  fi
  echo "systemd-analyze verify: clean"
else
  echo "systemd-analyze not found: the units are not verified"
fi

if command -v lintian >/dev/null 2>&1; then
  echo "==> lintian"
  if ! out="$(lintian --fail-on error,warning "$deb" 2>&1)"; then
    echo "$out" | grep -v 'running with root privileges'
    fail "lintian findings above"
  fi
  echo "$out" | grep -v 'running with root privileges' || true
else
  echo "lintian not installed: not run"
fi
echo "==> package_test: ok ($((SECONDS - start)) s)"
