//! `Engine`: one loaded model on one backend, as the TypeScript `Translator` drives it.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::js_error::to_js;
use super::picture::{Picture, limits};
use super::webgpu::{self, WebGpu};
use crate::error::{AceError, Result};
use crate::pipeline::{DetailFrom, StyleCode, TranslateOptions, Translator, from_rgba};

/// Which backend an `Engine` runs on.
#[derive(Clone, Copy, PartialEq)]
enum Backend {
    WebGpu,
    Cpu,
}

struct State {
    backend: Backend,
    /// The weights, kept to rebuild the model on a new device after a device loss.
    weights: Vec<u8>,
    translator: Rc<Translator>,
    gpu: Option<WebGpu>,
    /// Set once a loss has been reported to the caller: the next call re-initialises.
    reinit: bool,
    adapter: String,
}

#[wasm_bindgen]
pub struct Engine {
    state: Rc<RefCell<State>>,
}

async fn build(backend: Backend, weights: &[u8]) -> Result<(Translator, Option<WebGpu>, String)> {
    match backend {
        Backend::Cpu => {
            let device = Device::flex();
            Ok((Translator::from_bytes(weights, &device)?, None, "burn flex (wasm CPU)".into()))
        }
        Backend::WebGpu => {
            let gpu = webgpu::create().await?;
            let translator = Translator::from_bytes(weights, &gpu.device)?.with_buffer_limit(gpu.max_buffer_bytes);
            Ok((translator, Some(gpu), "WebGPU".into()))
        }
    }
}

#[wasm_bindgen]
impl Engine {
    /// Loads a weights file on `backend` (`"webgpu"` or `"cpu"`; the wrapper resolves `"auto"`).
    /// Returns a `Promise<Engine>`.
    pub fn create(weights: Vec<u8>, backend: String) -> Promise {
        future_to_promise(async move {
            let backend = match backend.as_str() {
                "webgpu" => Backend::WebGpu,
                "cpu" => Backend::Cpu,
                other => {
                    return Err(to_js(AceError::InvalidOption(format!("backend must be \"webgpu\" or \"cpu\", got {other:?}"))));
                }
            };
            let (translator, gpu, adapter) = build(backend, &weights).await.map_err(to_js)?;
            let state = State { backend, weights, translator: Rc::new(translator), gpu, reinit: false, adapter };
            Ok(Engine { state: Rc::new(RefCell::new(state)) }.into())
        })
    }

    /// `"webgpu"` or `"cpu"`.
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        match self.state.borrow().backend {
            Backend::WebGpu => "webgpu".into(),
            Backend::Cpu => "cpu".into(),
        }
    }

    /// What runs, in words ("WebGPU" or the CPU backend; the wrapper adds the adapter's description).
    #[wasm_bindgen(getter)]
    pub fn adapter(&self) -> String {
        self.state.borrow().adapter.clone()
    }

    /// How many numbers a style code has.
    #[wasm_bindgen(getter, js_name = styleDim)]
    pub fn style_dim(&self) -> usize {
        self.state.borrow().translator.config().style_dim
    }

    /// The model's configuration as JSON.
    /// The weights file's format version: 1 holds no digest of its data (the wrapper warns).
    #[wasm_bindgen(getter, js_name = formatVersion)]
    pub fn format_version(&self) -> u32 {
        crate::weights::file::read_header(&self.state.borrow().weights).map_or(0, |h| h.version)
    }

    #[wasm_bindgen(getter)]
    pub fn config(&self) -> String {
        serde_json::to_string(self.state.borrow().translator.config()).unwrap_or_default()
    }

    /// The style code of an RGBA image. `options` is the call's options object (see `read_options`).
    /// Returns a `Promise<Float32Array>`.
    #[wasm_bindgen(js_name = encodeStyle)]
    pub fn encode_style(&self, rgba: Vec<u8>, width: u32, height: u32, options: JsValue) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let (options, max_pixels) = read_options(&options).map_err(to_js)?;
            let translator = ready(&state).await?;
            let image = from_rgba(&rgba, width, height, limits(max_pixels)).map_err(to_js)?;
            let result = translator.encode_style_async(&image, &options).await;
            let code = finish(&state, result)?;
            Ok(js_sys::Float32Array::from(code.0.as_slice()).into())
        })
    }

    /// Translates an RGBA image with an optional style code, once per seed: the content is encoded
    /// once and the decoder runs on all the style codes together (one seed is a plain translation).
    /// `options` is the call's options object (see `read_options`). `Promise<Picture[]>`, in seed order.
    #[wasm_bindgen(js_name = translateSeeds)]
    pub fn translate_seeds(&self, rgba: Vec<u8>, width: u32, height: u32, style: Option<Vec<f32>>, seeds: Vec<f64>, options: JsValue) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let seeds = seeds.into_iter().map(to_seed).collect::<Result<Vec<_>>>().map_err(to_js)?;
            let (options, max_pixels) = read_options(&options).map_err(to_js)?;
            let translator = ready(&state).await?;
            let image = from_rgba(&rgba, width, height, limits(max_pixels)).map_err(to_js)?;
            // A wasm memory never shrinks: the RGBA copy freed now is room the translation reuses.
            drop(rgba);
            let style = style.map(StyleCode);
            let result = translator.translate_seeds_async(&image, style.as_ref(), &seeds, &options).await;
            let pictures = js_sys::Array::new();
            for out in finish(&state, result)? {
                pictures.push(&Picture::new(&out.image, out.style.0, out.downscaled.map(|d| d.to_string())).into());
            }
            Ok(pictures.into())
        })
    }

    /// One small translation: compiles the GPU shaders (or touches every CPU kernel) and proves the
    /// device works, so the first real photo is not the one that pays or fails. `Promise<void>`.
    pub fn warmup(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let translator = ready(&state).await?;
            let gray = image::RgbImage::from_pixel(32, 32, image::Rgb([128, 128, 128]));
            let result = translator.translate_async(&gray, None, 0, &TranslateOptions::browser()).await;
            finish(&state, result)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Whether the GPU device was lost (always false on the CPU backend).
    #[wasm_bindgen(getter)]
    pub fn lost(&self) -> bool {
        self.state.borrow().gpu.as_ref().is_some_and(WebGpu::is_lost)
    }
}

/// Seeds are JS numbers: whole, non-negative and exactly representable (below 2^53).
fn to_seed(seed: f64) -> Result<u64> {
    if seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed < 9_007_199_254_740_992.0 {
        Ok(seed as u64)
    } else {
        Err(AceError::InvalidOption(format!("seed must be a whole number in [0, 2^53), got {seed}")))
    }
}

/// The translator to use now: reports a lost device once, then rebuilds on a fresh one.
async fn ready(state: &Rc<RefCell<State>>) -> Result<Rc<Translator>, JsValue> {
    let (lost, reinit, backend) = {
        let s = state.borrow();
        (s.gpu.as_ref().is_some_and(WebGpu::is_lost), s.reinit, s.backend)
    };
    if reinit {
        let weights = state.borrow().weights.clone();
        let (translator, gpu, adapter) = build(backend, &weights).await.map_err(to_js)?;
        let mut s = state.borrow_mut();
        s.translator = Rc::new(translator);
        s.gpu = gpu;
        s.adapter = adapter;
        s.reinit = false;
    } else if lost {
        state.borrow_mut().reinit = true;
        return Err(to_js(AceError::DeviceLost("the next call creates a new device".into())));
    }
    Ok(state.borrow().translator.clone())
}

/// A failure while the device is lost is a device loss, whatever the backend said.
fn finish<T>(state: &Rc<RefCell<State>>, result: Result<T>) -> Result<T, JsValue> {
    let lost = state.borrow().gpu.as_ref().is_some_and(WebGpu::is_lost);
    match result {
        Err(e) if lost => {
            state.borrow_mut().reinit = true;
            Err(to_js(AceError::DeviceLost(e.to_string())))
        }
        Ok(_) if lost => {
            // The readback finished, but on a dying device its values cannot be trusted.
            state.borrow_mut().reinit = true;
            Err(to_js(AceError::DeviceLost("the device was lost during the call".into())))
        }
        other => other.map_err(to_js),
    }
}

/// The options object of every call, the TypeScript `TranslateOptions` plus the translator's
/// `maxPixels`: `{ strength?, variation?, maxSide?, styleMaxSide?, modelSide?, detail?, detailFrom?, fullSize?, upscale?, maxPixels? }`. A missing field takes
/// the browser's default (`TranslateOptions::browser()`, declared once, here); a present one must be of
/// its type (a number; `detailFrom` one of `DetailFrom::ALL`'s words, `fullSize` and `upscale` booleans), and `validate` then
/// checks its range.
fn read_options(js: &JsValue) -> Result<(TranslateOptions, Option<f64>)> {
    let defaults = TranslateOptions::browser();
    if js.is_undefined() || js.is_null() {
        return Ok((defaults, None));
    }
    let number = |key: &str| -> Result<Option<f64>> {
        let value = js_sys::Reflect::get(js, &key.into()).map_err(|_| AceError::InvalidOption("the options must be an object".into()))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        value.as_f64().map(Some).ok_or_else(|| AceError::InvalidOption(format!("{key} must be a number")))
    };
    let boolean = |key: &str, default: bool| -> Result<bool> {
        match js_sys::Reflect::get(js, &key.into()).unwrap_or(JsValue::UNDEFINED) {
            value if value.is_undefined() || value.is_null() => Ok(default),
            value => value.as_bool().ok_or_else(|| AceError::InvalidOption(format!("{key} must be true or false"))),
        }
    };
    let side = |key: &str, default: u32| -> Result<u32> {
        Ok(match number(key)? {
            Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => v as u32,
            Some(v) => return Err(AceError::InvalidOption(format!("{key} must be a whole number of pixels, got {v}"))),
            None => default,
        })
    };
    let options = TranslateOptions {
        strength: number("strength")?.map_or(defaults.strength, |v| v as f32),
        variation: number("variation")?.map_or(defaults.variation, |v| v as f32),
        max_side: side("maxSide", defaults.max_side)?,
        style_max_side: side("styleMaxSide", defaults.style_max_side)?,
        model_side: match number("modelSide")? {
            Some(_) => Some(side("modelSide", 0)?),
            None => defaults.model_side,
        },
        detail: number("detail")?.map_or(defaults.detail, |v| v as f32),
        detail_from: match js_sys::Reflect::get(js, &"detailFrom".into()).unwrap_or(JsValue::UNDEFINED) {
            value if value.is_undefined() || value.is_null() => defaults.detail_from,
            value => value
                .as_string()
                .and_then(|word| word.parse().ok())
                .ok_or_else(|| AceError::InvalidOption(format!("detailFrom must be one of {}, got {value:?}", DetailFrom::words())))?,
        },
        full_size: boolean("fullSize", defaults.full_size)?,
        upscale: boolean("upscale", defaults.upscale)?,
    };
    Ok((options, number("maxPixels")?))
}

/// The browser's defaults, for the TypeScript wrapper's own checks (it repeats none of the numbers).
#[wasm_bindgen(js_name = browserDefaults)]
pub fn browser_defaults() -> JsValue {
    let defaults = TranslateOptions::browser();
    let object = js_sys::Object::new();
    for (key, value) in [
        ("strength", defaults.strength as f64),
        ("variation", defaults.variation as f64),
        ("maxSide", defaults.max_side as f64),
        ("styleMaxSide", defaults.style_max_side as f64),
        ("modelSide", defaults.model_side.map_or(f64::NAN, f64::from)),
        ("detail", defaults.detail as f64),
    ] {
        let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
    }
    object.into()
}
