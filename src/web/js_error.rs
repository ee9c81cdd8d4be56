//! `AceError` -> a JS `Error` whose `name` is the error's stable kind (`InvalidImageError`, ...), with
//! the limit it broke as a field (`maxPixels`, `maxSide`, `minSide`), so a page can word its own message without
//! repeating our numbers. The TypeScript wrapper turns the name into its typed error class.

use wasm_bindgen::JsValue;

use crate::error::{AceError, SizeLimit};

pub fn to_js(error: AceError) -> JsValue {
    let js = named(error.kind(), &error.to_string());
    let limit = match &error {
        AceError::ImageTooLarge { limit: SizeLimit::Pixels(max), .. } => Some(("maxPixels", *max as f64)),
        AceError::ImageTooLarge { limit: SizeLimit::Side(max), .. } => Some(("maxSide", *max as f64)),
        // The page checks WebGPU's buffers itself; the message names the side that fits.
        AceError::ImageTooLarge { limit: SizeLimit::GpuBuffer { .. } | SizeLimit::Memory { .. }, .. } => None,
        AceError::ImageTooSmall { min_side, .. } => Some(("minSide", *min_side as f64)),
        _ => None,
    };
    if let Some((field, value)) = limit {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&js, &field.into(), &value.into());
    }
    js
}

pub fn named(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}
