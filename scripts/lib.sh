# Shared by scripts/run.sh and scripts/test.sh: install what is missing, build.
# Sourced, not run.

BYLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BYLINE_BUILD="${BYLINE_BUILD:-$BYLINE_ROOT/build}"

# Debian 12 packages the build, the tests and the demo need.
BYLINE_PACKAGES=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgumbo-dev libxml2-dev zlib1g-dev libzstd-dev libmimalloc-dev
  # docs/openapi.yaml to JSON (build); the tests' answers checked against it
  python3 python3-yaml python3-jsonschema
)

# What scripts/test.sh needs on top: for scripts/lint.sh the formatter and
# clang-tidy, of the same LLVM release as .clang-format and .clang-tidy were
# written for (14, Debian 12's); curl for the walk-through test.
BYLINE_CHECK_PACKAGES=(clang-format clang-tidy curl)

# What scripts/package.sh needs on top of BYLINE_PACKAGES: dpkg-shlibdeps
# (dpkg-dev) for the Depends line, help2man for the man pages, and
# file (CPack's DEB generator runs it to find the programs to strip and check).
BYLINE_PACKAGE_PACKAGES=(dpkg-dev help2man file)

# What the browser tests (tests/browser) need on top: chromium, a font so
# pages render text, and node with npm. Debian's nodejs and npm only when the
# commands are missing: a machine may have its own Node.js (with npm), which
# Debian's npm package would conflict with.
BYLINE_BROWSER_PACKAGES=(chromium fonts-dejavu-core)
command -v node >/dev/null 2>&1 || BYLINE_BROWSER_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || BYLINE_BROWSER_PACKAGES+=(npm)

# Installs tests/browser's pinned npm packages (package-lock.json) when they
# are missing or older than the lock file.
byline_install_browser_test_deps() {
  local dir="$BYLINE_ROOT/tests/browser"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> Installing the browser tests' npm packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Installs the packages that are missing (as root), or prints the exact
# command to run and stops.
byline_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "==> Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures and builds in $BYLINE_BUILD (Release) with both cores.
byline_build() {
  echo "==> Building in $BYLINE_BUILD"
  cmake -S "$BYLINE_ROOT" -B "$BYLINE_BUILD" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$BYLINE_BUILD" -j "$(nproc)"
}

# A full ctest run records every JSON answer the integration tests get, and
# openapi_answers checks them; it skips (so that `ctest -R` runs pass) when
# none was recorded. After a full run that is a failure: the recording broke.
byline_require_openapi_answers() {
  local log="$1/tests/openapi_answers.jsonl"
  [ -s "$log" ] || {
    echo "no JSON answers were recorded in $log: the OpenAPI check checked nothing" >&2
    exit 1
  }
}
