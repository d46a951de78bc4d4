#!/usr/bin/env bash
# One entry point for a fresh Debian bookworm machine:
#   bash run.sh demo   installs what is missing, builds, converts the shipped
#                      example model and checks it against ONNX Runtime
#   bash run.sh test   installs what is missing, builds, runs the whole suite
#   bash run.sh build  installs what is missing and builds (build/ folder)
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
  clang libc++-dev libc++abi-dev
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
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  build) build ;;
  *) echo "usage: bash run.sh demo|test|build" >&2; exit 2 ;;
esac
