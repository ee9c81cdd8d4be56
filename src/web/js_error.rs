//! `AceError` -> a JS `Error` whose `name` is the error's stable kind (`InvalidImageError`, ...).
//! The TypeScript wrapper turns that name into its typed error class.

use wasm_bindgen::JsValue;

use crate::error::AceError;

pub fn to_js(error: AceError) -> JsValue {
    named(error.kind(), &error.to_string())
}

pub fn named(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}
