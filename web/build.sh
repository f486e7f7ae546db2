#!/usr/bin/env bash
# Builds the browser verifier into OUT (default: this directory):
#   zkcred_verifier.wasm     the module (the verifier crate, web/wasm, with a plain C ABI)
#   zkcred_verifier.wasm.js  the same bytes in base64, for pages opened from file://
# Runs `wasm-opt -Oz` (binaryen) on the module when it is installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
cargo="${CARGO:-cargo}"
cd "$here/.."

target=wasm32-unknown-unknown
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target"
fi
"$cargo" build --profile wasm --target "$target" -p zkcred-verifier-wasm
built="${CARGO_TARGET_DIR:-target}/$target/wasm/zkcred_verifier_wasm.wasm"

wasm="$out/zkcred_verifier.wasm"
if command -v wasm-opt >/dev/null; then
    # The features rustc enables by default for this target.
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
        --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
        "$built" -o "$wasm"
    echo "wasm-opt -Oz: $(wc -c <"$built") -> $(wc -c <"$wasm") bytes"
else
    cp "$built" "$wasm"
    echo "wasm-opt not found; module left as rustc built it"
fi
printf 'window.ZKCRED_WASM_BASE64 = "%s";\n' "$(base64 -w0 "$wasm")" >"$wasm.js"
echo "$wasm: $(wc -c <"$wasm") bytes"
