#!/usr/bin/env bash
# One entry point for a fresh Debian bookworm machine:
#   bash run.sh demo   installs what is missing, builds, converts the shipped
#                      example model and checks it against ONNX Runtime
#   bash run.sh test   installs what is missing, builds, runs the whole suite
#   bash run.sh build  installs what is missing and builds (build/ folder)
#   bash run.sh sanitize  the sanitizer lane alone (part of `test`)
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

APT_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libonnx-dev libprotobuf-dev protobuf-compiler
  libboost-dev libboost-filesystem-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev zlib1g-dev libbz2-dev liblzma-dev
  python3-sklearn python3-joblib python3-yaml python3-venv
  nodejs npm
  clang libc++-dev libc++abi-dev libclang-rt-14-dev time
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # A machine that already has node and npm (e.g. from NodeSource) keeps them.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
  fi
  local wanted=()
  for p in "${missing[@]}"; do [ -n "$p" ] && wanted+=("$p"); done
  if [ ${#wanted[@]} -gt 0 ]; then
    echo "== installing: ${wanted[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
  fi
  if [ ! -d tests/parity/node_modules/onnxruntime-node ]; then
    echo "== installing onnxruntime-node (npm)"
    npm ci --ignore-scripts --no-audit --no-fund --prefix tests/parity >/dev/null
  fi
}

build() {
  install_packages
  # Every clone (CI clones afresh) shares one compiler cache: paths below
  # the checkout are hashed relative to it.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

demo() {
  build
  local model=examples/models/iris_logreg/model.joblib
  mkdir -p "$BUILD_DIR/demo"
  echo "== onnxconv convert $model"
  "$BUILD_DIR/bin/onnxconv" convert "$model" -o "$BUILD_DIR/demo/iris_logreg.onnx"
  echo "== wrote $BUILD_DIR/demo/iris_logreg.onnx; now the parity runner converts the same file and runs it in"
  echo "   ONNX Runtime against scikit-learn's stored predictions (examples/models/iris_logreg/case.json)"
  node tests/parity/run_parity.js --onnxconv "$BUILD_DIR/bin/onnxconv" examples/models/iris_logreg
}

# The scikit-learn version matrix of the test fixtures: one pinned virtual
# environment per tests/fixtures/envs/*.txt, cached by a hash of its lock
# file (~/.cache/onnxconv/envs), so only the first run downloads.
sklearn_envs() {
  echo "== scikit-learn environments (tests/fixtures/envs)"
  /usr/bin/python3 tests/fixtures/envs.py ensure
}

run_tests() {
  build
  sklearn_envs
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"
  sanitize
}

# The sanitizer lane: everything built again with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer (plugins included) and libFuzzer coverage,
# in build-sanitize/. It runs the C++ tests and the newest release's parity
# tests (reusing the fixtures the main suite generated), then every fuzz
# target for FUZZ_SECONDS (docs/fuzzing.md). ONNXCONV_SKIP_SANITIZE=1 skips it.
SANITIZE_DIR=${SANITIZE_DIR:-build-sanitize}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
sanitize() {
  if [ "${ONNXCONV_SKIP_SANITIZE:-0}" = 1 ]; then echo "== sanitizer lane skipped (ONNXCONV_SKIP_SANITIZE=1)"; return; fi
  install_packages
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  echo "== sanitizer lane: clang, -fsanitize=address,undefined, libFuzzer ($SANITIZE_DIR)"
  local newest
  newest=$(/usr/bin/python3 tests/fixtures/envs.py list --available | tail -n 1)
  CC=clang CXX=clang++ cmake -S . -B "$SANITIZE_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DONNXCONV_SANITIZE=address,undefined -DONNXCONV_FUZZ=ON \
    -DONNXCONV_BUILD_EXAMPLES=OFF -DONNXCONV_BUILD_BENCH=OFF \
    -DONNXCONV_TEST_VERSIONS="$newest" -DONNXCONV_FIXTURE_DIR="$PWD/$BUILD_DIR/fixtures" >/dev/null
  cmake --build "$SANITIZE_DIR" -j "$JOBS"
  # Plugins are never unloaded (DESIGN.md): what they hold at exit is not a leak.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$SANITIZE_DIR" --output-on-failure -j "$JOBS"
  /usr/bin/python3 fuzz/run_fuzzers.py --build "$SANITIZE_DIR" --seconds "$FUZZ_SECONDS" \
    --fixtures "$BUILD_DIR/fixtures/$newest"
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  build) build ;;
  sanitize) sanitize ;;
  *) echo "usage: bash run.sh demo|test|build|sanitize" >&2; exit 2 ;;
esac
