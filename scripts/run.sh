#!/usr/bin/env bash
# Installs what is missing, builds, indexes data/ into var/index (first run
# only) and serves it on http://127.0.0.1:8080 (BYLINE_LISTEN overrides).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

byline_install_packages "${BYLINE_PACKAGES[@]}"
byline_build

INDEX="$BYLINE_ROOT/var/index"
if [ ! -f "$INDEX/XAPIANDB" ]; then
  echo "==> Indexing data/ into var/index"
  "$BYLINE_BUILD/indexer/byline-indexer" --index "$INDEX" "$BYLINE_ROOT"/data/*.jsonl
fi

LISTEN="${BYLINE_LISTEN:-127.0.0.1:8080}"
echo "==> Serving; try: curl 'http://$LISTEN/search?q=solar+power'"
# Search analytics (GET /admin/analytics, docs/privacy.md) are kept in var/state.
exec "$BYLINE_BUILD/searchd/byline-searchd" --index "$INDEX" --listen "$LISTEN" \
  --state-dir "$BYLINE_ROOT/var/state"
