#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), runs every test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

byline_install_packages "${BYLINE_PACKAGES[@]}" "${BYLINE_BROWSER_PACKAGES[@]}"
byline_install_browser_test_deps
byline_build -DBYLINE_WERROR=ON

echo "==> Running the tests"
cd "$BYLINE_BUILD"
ctest --output-on-failure -j "$(nproc)" --timeout 300
