//! The browser API, exported through wasm-bindgen (compiled only for `wasm32`).
//!
//! This layer is deliberately small: it owns a [`Translator`](crate::Translator) on the chosen
//! device, moves pixels in and out as RGBA bytes, and turns every [`AceError`](crate::AceError) into a
//! JS `Error` whose `name` is the error's stable kind. Fetching, caching, checksums, progress events,
//! input conversion (canvas, bitmap, blob) and the typed error classes live in the TypeScript wrapper
//! (`js/`), where the browser APIs are.
//!
//! No call on this path panics on bad input: a panic in wasm is an `unreachable` trap that poisons
//! the instance, so everything returns `Result`.

mod engine;
mod js_error;
mod picture;
mod webgpu;

pub use engine::Engine;
pub use picture::{Picture, decode_image, mix_styles, sha256_hex};

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs once when the module is instantiated: panics and `log` records go to the console (cubecl
/// reports shader validation failures only through `log`, not as errors the caller could see).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let _ = console_log::init_with_level(log::Level::Warn);
}
