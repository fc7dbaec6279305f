#!/usr/bin/env bash
# Read replicas of a Byline index with Xapian's own replication
# (xapian-replicate-server / xapian-replicate, package xapian-tools).
#
# On the master (the machine running byline-indexer):
#   scripts/replicate.sh serve PARENT_DIR PORT [INTERFACE]
#     serves every index directory under PARENT_DIR. INTERFACE defaults to
#     127.0.0.1; give a private address for replicas on other machines (the
#     protocol has no authentication: keep it on a private network).
#
# On each replica (a machine running byline-searchd on the copy):
#   scripts/replicate.sh follow HOST PORT INDEX_NAME REPLICA_DIR [--interval SECONDS | --once]
#     keeps REPLICA_DIR a copy of PARENT_DIR/INDEX_NAME on the master, polling
#     every SECONDS (default 10). The master is named by its index directory,
#     whose stub points at the live generation, so a reindex (new
#     generation) arrives as a whole new copy and a commit as changesets.
#     Serve the copy with: byline-searchd --index REPLICA_DIR (it notices each
#     switch by itself; the replica's own stub says "auto replica_N").
#
# Set XAPIAN_MAX_CHANGESETS=10 (say) in the master indexer's environment so
# commits leave changesets; without them each update is copied whole.
set -euo pipefail

die() { echo "replicate.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 not found (install the xapian-tools package)"; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  serve)
    [ $# -ge 2 ] || die "usage: serve PARENT_DIR PORT [INTERFACE]"
    [ -d "$1" ] || die "serve: no directory $1"
    need xapian-replicate-server
    exec xapian-replicate-server -I "${3:-127.0.0.1}" -p "$2" "$1"
    ;;
  follow)
    [ $# -ge 4 ] || die "usage: follow HOST PORT INDEX_NAME REPLICA_DIR [--interval SECONDS | --once]"
    need xapian-replicate
    host=$1 port=$2 name=$3 dir=$4
    shift 4
    mode=(-i 10)
    while [ $# -gt 0 ]; do
      case "$1" in
        --interval)
          [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--interval: expected whole seconds, got '${2:-}'"
          mode=(-i "$2"); shift 2 ;;
        --once) mode=(-o); shift ;;
        *) die "unknown option $1" ;;
      esac
    done
    [[ "$port" =~ ^[0-9]+$ ]] || die "PORT: expected a number, got '$port'"
    # xapian-replicate creates the replica itself; an empty directory it
    # would take for a broken one.
    mkdir -p "$(dirname "$dir")"
    [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ] && rmdir "$dir"
    exec xapian-replicate "${mode[@]}" -h "$host" -p "$port" -m "$name" "$dir"
    ;;
  -h|--help)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 1
    ;;
esac
