#!/usr/bin/env bash
# Builds the Debian package build/byline_<version>_amd64.deb with CPack: the
# three programs, man pages, /etc/byline/searchd.toml, the systemd unit
# (packaging/ has every file that goes in, and says what each is for).
# Installs what is missing first, as scripts/run.sh does.
#
#   scripts/package.sh            # then: sudo apt install ./build/byline_*.deb
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

byline_install_packages "${BYLINE_PACKAGES[@]}" "${BYLINE_PACKAGE_PACKAGES[@]}"
echo "==> Configuring $BYLINE_BUILD for the package"
# CMAKE_SKIP_INSTALL_ALL_DEPENDENCY: cpack installs what is built below
# instead of building every target (the tests) first.
cmake -S "$BYLINE_ROOT" -B "$BYLINE_BUILD" -DCMAKE_BUILD_TYPE=Release -DBYLINE_PACKAGE=ON \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
cmake --build "$BYLINE_BUILD" -j "$(nproc)" --target byline-indexer byline-search byline-searchd \
  package_files package_changelog
echo "==> Packing (cpack)"
(cd "$BYLINE_BUILD" && rm -f byline_*.deb && cpack -G DEB >cpack.log 2>&1) || {
  cat "$BYLINE_BUILD/cpack.log"
  exit 1
}
# Leave build/ as the other scripts configure it (no packaging targets, the
# install step building first again).
cmake -S "$BYLINE_ROOT" -B "$BYLINE_BUILD" -DBYLINE_PACKAGE=OFF \
  -UCMAKE_SKIP_INSTALL_ALL_DEPENDENCY >/dev/null
ls "$BYLINE_BUILD"/byline_*.deb
