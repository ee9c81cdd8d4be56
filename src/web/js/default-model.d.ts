// Generated into pkg/default-model.js by scripts/build-wasm.sh from weights/ace-default.safetensors.json.
/** The weights file shipped in this package, and its checksum. */
export declare const DEFAULT_MODEL: { file: string; size: number; sha256: string };
/** The size of the wasm engine (ace_bg.wasm) in bytes, so a first load can show one progress for everything. */
export declare const WASM_BYTES: number;
