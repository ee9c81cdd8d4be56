//! A loaded model plus the translation rules of docs/model.md ("Style codes, seeds, strength"):
//!
//! - with a style image: `s = style_encoder(style) + domain_code + variation * z`
//! - without one:        `s = domain_code + z`
//! - `strength` blends the translation over the photo: 0 gives the photo back, 1 the translation
//!
//! `z ~ N(0, I)` comes from the seed on the host (see [`seed`](super::seed)).
//!
//! Every method that reads a tensor back exists twice: `*_async` is the one implementation (a browser
//! can only read GPU memory asynchronously), and the plain name blocks on it, for native callers.

use std::borrow::Cow;
use std::path::Path;

use burn::tensor::module::interpolate;
use burn::tensor::ops::{InterpolateMode, InterpolateOptions};
use burn::tensor::{Device, Tensor, TensorData};
use image::RgbImage;

use super::budget::{self, MemoryBudget};
use super::detail::PhotoDetail;
use super::fit::{Downscaled, Fitted, check_fit, downscale, downscaled, fit, unfit};
use super::image_io::{ImageLimits, check_size, decode_image, from_chw, to_chw};
use super::options::{DetailFrom, TranslateOptions};
use super::seed::standard_normal;
use super::style::StyleCode;
use crate::config::AceConfig;
use crate::error::{AceError, Result};
use crate::nn::upscaler::FACTOR;
use crate::nn::{Ace, Upscaler};

pub use super::style::STYLE_CODE_BOUND;

/// The result of one translation.
#[derive(Clone, Debug)]
pub struct Translation {
    pub image: RgbImage,
    /// The style code that was decoded (reusable with `translate_with_code`).
    pub style: StyleCode,
    /// Set when the content image was downscaled first (its `Display` says so in words).
    pub downscaled: Option<Downscaled>,
    /// The network drew one flat colour (every channel within 2 levels) from a photo that is not flat:
    /// what untrained, zeroed or damaged weights draw, worth a warning. Judged on the network's own
    /// output and input, since carrying the result up adds the photo's detail.
    pub flat: bool,
}

/// A loaded model and the rules of a translation. `examples/library_tour.rs` uses each method.
pub struct Translator {
    model: Ace,
    device: Device,
    limits: ImageLimits,
    /// The memory a translation may use, and the device's largest buffer where it has one (a GPU).
    budget: MemoryBudget,
    /// The domain code, read back from the device once (it is fixed for a loaded model).
    domain: std::sync::OnceLock<StyleCode>,
}

impl Translator {
    pub fn new(model: Ace, device: Device) -> Self {
        Self { model, device, limits: ImageLimits::default(), budget: MemoryBudget::default(), domain: std::sync::OnceLock::new() }
    }

    pub fn from_bytes(bytes: &[u8], device: &Device) -> Result<Self> {
        Ok(Self::new(crate::weights::load_bytes(bytes, device)?, device.clone()))
    }

    pub fn from_file(path: &Path, device: &Device) -> Result<Self> {
        Ok(Self::new(crate::weights::load_file(path, device)?, device.clone()))
    }

    pub fn with_limits(mut self, limits: ImageLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The device's largest buffer in bytes (a wgpu device's `min(max_buffer_size,
    /// max_storage_buffer_binding_size)`): a photo whose tensors would not fit is `ImageTooLarge` with
    /// the largest `max_side` that fits, before any work, instead of a backend error midway.
    pub fn with_buffer_limit(mut self, bytes: u64) -> Self {
        self.budget.buffer = Some(bytes);
        self
    }

    /// The most memory one translation may hold, in bytes (`budget::NATIVE_MEMORY_LIMIT` natively,
    /// `BROWSER_MEMORY_LIMIT` in wasm): a photo that would need more is `ImageTooLarge` before any work.
    pub fn with_memory_limit(mut self, bytes: u64) -> Self {
        self.budget.memory = bytes;
        self
    }

    /// About how many bytes a translation of a `width` x `height` photo with these options and `seeds`
    /// seeds holds at its peak (what the budget is checked against).
    pub fn memory_needed(&self, width: u32, height: u32, options: &TranslateOptions, seeds: usize) -> u64 {
        let plan = Plan::new(options, width, height, self.limits.min_side);
        budget::needed(&self.model.config, plan.work, plan.output, seeds).0
    }

    pub fn config(&self) -> &AceConfig {
        &self.model.config
    }

    pub fn model(&self) -> &Ace {
        &self.model
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    pub fn limits(&self) -> ImageLimits {
        self.limits
    }

    /// Decodes image bytes with this translator's limits.
    pub fn decode(&self, bytes: &[u8]) -> Result<RgbImage> {
        decode_image(bytes, self.limits)
    }

    /// The network input tensor of a fitted image.
    pub fn input_tensor(&self, fitted: &Fitted) -> Tensor<4> {
        let (h, w) = fitted.padded;
        Tensor::from_data(TensorData::new(fitted.pixels.clone(), [1, 3, h, w]), &self.device)
    }

    /// The style code of an image (encoded style + domain code), for reuse and mixing.
    pub fn encode_style(&self, image: &RgbImage, options: &TranslateOptions) -> Result<StyleCode> {
        block_on(self.encode_style_async(image, options))
    }

    pub async fn encode_style_async(&self, image: &RgbImage, options: &TranslateOptions) -> Result<StyleCode> {
        options.validate()?;
        check_size(image.width(), image.height(), self.limits)?;
        check_fit(image.width(), image.height(), options.style_max_side, self.model.config.size_multiple(), self.limits.min_side)?;
        let (w, h) = image.dimensions();
        let at = |side| {
            let work = downscaled(w, h, side);
            budget::needed(&self.model.config, work, work, 1)
        };
        budget::check(at(options.style_max_side), downscaled(w, h, options.style_max_side), options.style_max_side, at, self.budget)?;
        let fitted = fit(image, options.style_max_side, self.model.config.size_multiple());
        let code = self.model.style_code(self.model.features(self.input_tensor(&fitted)));
        read_code(code).await
    }

    /// The learned domain style code: what "no style image" starts from.
    pub fn domain_code(&self) -> Result<StyleCode> {
        block_on(self.domain_code_async())
    }

    pub async fn domain_code_async(&self) -> Result<StyleCode> {
        if let Some(code) = self.domain.get() {
            return Ok(code.clone());
        }
        let code = read_code(self.model.style_encoder.domain()).await?;
        Ok(self.domain.get_or_init(|| code).clone())
    }

    /// The rule (docs/model.md) for the style code of one translation (host-side, no GPU work).
    pub fn choose_style(&self, domain: &StyleCode, style: Option<&StyleCode>, seed: u64, options: &TranslateOptions) -> StyleCode {
        let z = standard_normal(seed, self.model.config.style_dim);
        match style {
            Some(style) => style.perturbed(&z, options.variation),
            None => domain.perturbed(&z, 1.0),
        }
    }

    /// `translate(content, style, seed)`: the library's main entry point.
    pub fn translate(&self, content: &RgbImage, style: Option<&RgbImage>, seed: u64, options: &TranslateOptions) -> Result<Translation> {
        block_on(self.translate_async(content, style, seed, options))
    }

    pub async fn translate_async(
        &self,
        content: &RgbImage,
        style: Option<&RgbImage>,
        seed: u64,
        options: &TranslateOptions,
    ) -> Result<Translation> {
        let style = match style {
            Some(style) => Some(self.encode_style_async(style, options).await?),
            None => None,
        };
        self.translate_with_code_async(content, style.as_ref(), seed, options).await
    }

    /// Translation with an already encoded (or mixed) style code.
    pub fn translate_with_code(
        &self,
        content: &RgbImage,
        style: Option<&StyleCode>,
        seed: u64,
        options: &TranslateOptions,
    ) -> Result<Translation> {
        block_on(self.translate_with_code_async(content, style, seed, options))
    }

    pub async fn translate_with_code_async(
        &self,
        content: &RgbImage,
        style: Option<&StyleCode>,
        seed: u64,
        options: &TranslateOptions,
    ) -> Result<Translation> {
        let mut all = self.translate_seeds_async(content, style, &[seed], options).await?;
        Ok(all.remove(0))
    }

    /// One content photo translated with several seeds at once: the content is encoded once and the
    /// decoder runs on a batch, so `n` variations cost much less than `n` calls (variation strips,
    /// evaluation over seeds). Element `i` is `translate_with_code(.., seeds[i], ..)` (to float rounding).
    pub fn translate_seeds(
        &self,
        content: &RgbImage,
        style: Option<&StyleCode>,
        seeds: &[u64],
        options: &TranslateOptions,
    ) -> Result<Vec<Translation>> {
        block_on(self.translate_seeds_async(content, style, seeds, options))
    }

    pub async fn translate_seeds_async(
        &self,
        content: &RgbImage,
        style: Option<&StyleCode>,
        seeds: &[u64],
        options: &TranslateOptions,
    ) -> Result<Vec<Translation>> {
        let Plan { side, output, downscaled, .. } = self.check_request(content, style, seeds.len(), options)?;
        let fitted = fit(content, side, self.model.config.size_multiple());
        let domain = self.domain_code_async().await?;
        let codes: Vec<StyleCode> = seeds.iter().map(|seed| self.choose_style(&domain, style, *seed, options)).collect();
        if options.strength == 0.0 {
            // The blend below would give the photo back exactly (p + 0 * (t - p) = p): skip the network.
            let photo = at_size(content, output);
            return Ok(codes.into_iter().map(|style| Translation { image: photo.clone().into_owned(), style, downscaled, flat: false }).collect());
        }
        let layout = self.layout(&fitted);
        let values = self.render_async(self.model.coarse(layout.clone()), &codes).await?;
        let per_image = values.len() / seeds.len();
        let carried = fitted.output != output;
        // Detail drawn at the output's size, one image per seed: by the whole network, or by the
        // decoder on this translation's own layout, enlarged.
        let own = if carried && options.detail > 0.0 && options.detail_from.draws_at_output() {
            let at_output = fit(content, output.0.max(output.1), self.model.config.size_multiple());
            let values = match options.detail_from {
                DetailFrom::Decoder => self.render_async(self.model.coarse(enlarged_layout(layout, &fitted, &at_output)), &codes).await?,
                DetailFrom::Network | DetailFrom::Photo | DetailFrom::Guided => self.render_async(self.model.coarse(self.layout(&at_output)), &codes).await?,
            };
            values.chunks(values.len() / seeds.len()).map(|values| unfit(values, &at_output)).collect()
        } else {
            Vec::new()
        };
        // The learned enlargement, where asked for and the output is at least twice the translation's
        // side: the photo's band is then carried up from twice the working size.
        let upscaler = self.upscaler_for(fitted.output, output, options);
        let carried_from = match upscaler {
            Some(_) => (fitted.output.0 * FACTOR as u32, fitted.output.1 * FACTOR as u32),
            None => fitted.output,
        };
        let photo_detail = carried_from != output && own.is_empty();
        let photo = (options.strength < 1.0 || photo_detail).then(|| at_size(content, output));
        // The photo at the working size is the same for every seed: made once. When the photo is the
        // content itself (full size) and was not stretched to the network's minimum, it is the
        // network's input, given back exactly by `unfit`.
        let detail = photo.as_ref().filter(|_| photo_detail).map(|photo| match photo {
            Cow::Borrowed(_) if fitted.work == fitted.output && carried_from == fitted.output => {
                PhotoDetail::new(photo, unfit(&fitted.pixels, &fitted))
            }
            _ => PhotoDetail::of(photo, carried_from),
        });
        let photo_flat = is_flat(&fitted.pixels);
        let flat: Vec<bool> = values.chunks(per_image).map(|values| !photo_flat && is_flat(values)).collect();
        let translated: Vec<RgbImage> = values.chunks(per_image).map(|values| unfit(values, &fitted)).collect();
        let translated = match upscaler {
            Some(upscaler) => self.upscale_async(upscaler, translated).await?,
            None => translated,
        };
        Ok(codes
            .into_iter()
            .zip(translated)
            .zip(flat)
            .enumerate()
            .map(|(i, ((code, translated), flat))| {
                let translated = match (&detail, own.get(i)) {
                    (_, Some(own)) => PhotoDetail::of(own, fitted.output).carry_up(&translated, options.detail),
                    (Some(detail), None) if options.detail_from == DetailFrom::Guided => detail.carry_up_guided(&translated, options.detail),
                    (Some(detail), None) => detail.carry_up(&translated, options.detail),
                    (None, None) => translated,
                };
                let image = match &photo {
                    Some(photo) if options.strength < 1.0 => blend(photo, translated, options.strength),
                    _ => translated,
                };
                Translation { image, style: code, downscaled, flat }
            })
            .collect())
    }

    /// The model's upscaler when it has one, `options.upscale` asks for it, no detail is drawn at the
    /// output's size, and an output of `output` is at least twice a translation of `work` on its longer
    /// side (a smaller enlargement is the photo's band alone). The shorter sides are each rounded on
    /// their own, so twice the working one may be a pixel more than the output's: the band's resampling
    /// takes it there.
    pub fn upscaler_for(&self, work: (u32, u32), output: (u32, u32), options: &TranslateOptions) -> Option<&Upscaler> {
        let factor = FACTOR as u32;
        let wanted = options.upscale && !options.detail_from.draws_at_output();
        self.model.upscaler.as_ref().filter(|_| wanted && output.0.max(output.1) >= factor * work.0.max(work.1))
    }

    /// Translations at the working size (one size) enlarged twice by the upscaler, as one batch.
    async fn upscale_async(&self, upscaler: &Upscaler, images: Vec<RgbImage>) -> Result<Vec<RgbImage>> {
        let (w, h) = images[0].dimensions();
        let pixels: Vec<f32> = images.iter().flat_map(to_chw).collect();
        let input = Tensor::from_data(TensorData::new(pixels, [images.len(), 3, h as usize, w as usize]), &self.device);
        let values = read_values(upscaler.forward(input)).await?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(AceError::Backend("the upscaler produced NaN or infinite values".into()));
        }
        let (w, h) = (w * FACTOR as u32, h * FACTOR as u32);
        Ok(values.chunks(3 * w as usize * h as usize).map(|chw| from_chw(chw, w, h)).collect())
    }

    /// The layout of one fitted photo: the predictor's output, before the bottleneck (`[1, c, h, w]`).
    fn layout(&self, fitted: &Fitted) -> Tensor<4> {
        self.model.predict(self.model.content_code(self.model.features(self.input_tensor(fitted))))
    }

    /// The decoder's outputs for one decoder input drawn with each of `codes` (`[3, h, w]` per code,
    /// in [-1, 1], concatenated): one photo's layout, decoded as a batch.
    async fn render_async(&self, decoder_input: Tensor<4>, codes: &[StyleCode]) -> Result<Vec<f32>> {
        let decoder_input = decoder_input.repeat_dim(0, codes.len());
        let stacked: Vec<f32> = codes.iter().flat_map(|c| c.0.iter().copied()).collect();
        let code_tensor = Tensor::from_data(TensorData::new(stacked, [codes.len(), self.model.config.style_dim]), &self.device);
        let values = read_values(self.model.decode(decoder_input, code_tensor)).await?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(AceError::Backend("the network produced NaN or infinite values".into()));
        }
        Ok(values)
    }

    /// Everything about a request that can be refused before any work: the options, the photo's size,
    /// the seeds, the style code and the memory; returns where the network works and what comes back.
    fn check_request(&self, content: &RgbImage, style: Option<&StyleCode>, seeds: usize, options: &TranslateOptions) -> Result<Plan> {
        options.validate()?;
        check_size(content.width(), content.height(), self.limits)?;
        if seeds == 0 {
            return Err(AceError::InvalidOption("at least one seed is needed".into()));
        }
        if let Some(style) = style {
            style.validate(self.model.config.style_dim)?;
        }
        let (w, h) = content.dimensions();
        let min_side = self.limits.min_side;
        let plan = Plan::new(options, w, h, min_side);
        // The network's working size is capped; a larger output carried up from it is bounded by the
        // memory budget alone.
        check_fit(w, h, plan.side, self.model.config.size_multiple(), min_side)?;
        // Detail drawn at the output's size runs the network there too: the larger of the two passes.
        let needed = |work: (u32, u32), output: (u32, u32)| {
            let mut need = budget::needed(&self.model.config, work, output, seeds);
            // The gated band widens two more pictures than the photo's plain band (`carry_up_guided`).
            if options.detail_from == DetailFrom::Guided && work != output {
                need.0 += 2 * budget::widened(work, output);
            }
            // The upscaler's layers, every seed at once, at the working size: kept beside the rest,
            // a bound (the encoder's tensors are freed by then).
            if let Some(upscaler) = self.model.config.upscaler.filter(|_| self.upscaler_for(work, output, options).is_some()) {
                need.0 += budget::upscaling(upscaler, work, seeds);
            }
            // (The decoder alone needs less than the whole network: this bounds it.)
            if options.detail_from.draws_at_output() && work != output && options.detail > 0.0 {
                let own = budget::needed(&self.model.config, output, output, seeds);
                (need.0.max(own.0), need.1.max(own.1))
            } else {
                need
            }
        };
        let at = |side| {
            let plan = Plan::new(&TranslateOptions { max_side: side, full_size: false, ..*options }, w, h, min_side);
            needed(plan.work, plan.output)
        };
        let need = needed(plan.work, plan.output);
        budget::check(need, plan.output, options.max_side.min(w.max(h)), at, self.budget)?;
        Ok(plan)
    }

    /// Bytes in, translation out: decoding errors become typed errors.
    pub fn translate_bytes(&self, content: &[u8], style: Option<&[u8]>, seed: u64, options: &TranslateOptions) -> Result<Translation> {
        let content = self.decode(content)?;
        let style = style.map(|s| self.decode(s)).transpose()?;
        self.translate(&content, style.as_ref(), seed, options)
    }
}

/// Where a translation of a `w` x `h` photo works and what it returns.
#[derive(Clone, Copy, Debug)]
struct Plan {
    /// The longest side the network works at.
    side: u32,
    /// The size the network translates at (before padding to its multiple).
    work: (u32, u32),
    /// The size handed back: the photo's own with `full_size`, else at most `max_side`.
    output: (u32, u32),
    /// Set when the output is smaller than the photo.
    downscaled: Option<Downscaled>,
}

impl Plan {
    fn new(options: &TranslateOptions, w: u32, h: u32, min_side: u32) -> Self {
        let side = work_side(options, w, h, min_side);
        let smaller = if options.full_size { None } else { downscale(w, h, options.max_side) };
        Self { side, work: downscaled(w, h, side), output: smaller.map_or((w, h), |d| d.to), downscaled: smaller }
    }
}

/// The side the network works at for a `w` x `h` photo: the model's side where one is asked for and
/// the output is larger, raised where a long, thin photo would otherwise keep fewer than `min_side`
/// pixels across.
fn work_side(options: &TranslateOptions, w: u32, h: u32, min_side: u32) -> u32 {
    let Some(side) = options.model_side else { return options.max_side };
    let (long, short) = (w.max(h) as u64, w.min(h).max(1) as u64);
    let keeps_min = (min_side as u64 * long).div_ceil(short).min(u32::MAX as u64) as u32;
    side.max(keeps_min).min(options.max_side)
}

/// A layout made for `from` (the predictor's output over its padded input) enlarged bilinearly to the
/// map `to`'s padded input has: the part of `from`'s map that covers the photo as `to`'s covers it
/// (padding is at the bottom and right, so both start at the top left) fills `to`'s map, up to half
/// a cell of rounding. The bottleneck is applied after, so the decoder reads blocks of the size it
/// learnt on.
fn enlarged_layout(layout: Tensor<4>, from: &Fitted, to: &Fitted) -> Tensor<4> {
    let [_, channels, h, w] = layout.dims();
    let stride = from.padded.0 / h;
    let (to_h, to_w) = (to.padded.0 / stride, to.padded.1 / stride);
    let covering = |to_cells: usize, from_work: u32, to_work: u32, from_cells: usize| {
        ((to_cells as f64 * from_work as f64 / to_work as f64).round() as usize).clamp(1, from_cells)
    };
    let (crop_h, crop_w) = (covering(to_h, from.work.1, to.work.1, h), covering(to_w, from.work.0, to.work.0, w));
    let mut options = InterpolateOptions::new(InterpolateMode::Bilinear);
    options.output_size = Some([to_h, to_w]);
    interpolate(layout.slice([0..1, 0..channels, 0..crop_h, 0..crop_w]), options)
}

/// Whether a network input or output (`[3, h, w]` in [-1, 1]) is one colour: each channel within 2 of
/// 255 levels.
fn is_flat(values: &[f32]) -> bool {
    values.chunks(values.len() / 3).all(|channel| {
        let (low, high) = channel.iter().fold((f32::MAX, f32::MIN), |(low, high), v| (low.min(*v), high.max(*v)));
        high - low <= 2.0 / 127.5
    })
}

/// The content photo at the output's size (a copy only when the photo was downscaled).
fn at_size(content: &RgbImage, (width, height): (u32, u32)) -> Cow<'_, RgbImage> {
    if content.dimensions() == (width, height) {
        Cow::Borrowed(content)
    } else {
        Cow::Owned(image::imageops::resize(content, width, height, image::imageops::FilterType::Lanczos3))
    }
}

/// `strength` of the translation over the photo: 0 is the photo, 1 the translation.
fn blend(photo: &RgbImage, mut translated: RgbImage, strength: f32) -> RgbImage {
    for (t, p) in translated.iter_mut().zip(photo.iter()) {
        *t = (*p as f32 + strength * (*t as f32 - *p as f32)).round().clamp(0.0, 255.0) as u8;
    }
    translated
}

async fn read_code(code: Tensor<2>) -> Result<StyleCode> {
    Ok(StyleCode(read_values(code).await?))
}

async fn read_values<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>> {
    tensor
        .into_data_async()
        .await
        .map_err(|e| AceError::Backend(format!("{e:?}")))?
        .try_into_vec::<f32>()
        .map_err(|e| AceError::Backend(format!("{e:?}")))
}

/// Runs an async pipeline step to completion for native callers. In a browser a GPU readback cannot
/// block: that is a typed error telling the caller to use the `*_async` method, not a panic.
fn block_on<T>(future: impl Future<Output = Result<T>>) -> Result<T> {
    burn::tensor::try_read_sync(future)
        .unwrap_or_else(|| Err(AceError::Backend("a synchronous readback is impossible here; use the *_async method".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enlarged layout holds, at each cell of the larger map, what the smaller map holds at the
    /// same place in the photo: a map whose cells hold their own row and column, enlarged from a
    /// 451 x 260 photo fitted at 128 px (74 rows, padded to 80) to the same photo at 256 px (148, padded
    /// to 152), reads back the row and column of the place each larger cell covers, within half a
    /// cell, over the whole photo (the whole smaller map, padding and all, would be a cell off at the
    /// bottom).
    #[test]
    fn the_enlarged_layout_keeps_each_place_of_the_photo_where_it_was() {
        let device = Device::flex();
        let image = RgbImage::new(451, 260);
        let (from, to) = (fit(&image, 128, 8), fit(&image, 256, 8));
        assert_eq!((from.work.1, from.padded.0, to.work.1, to.padded.0), (74, 80, 148, 152));
        let stride = 4;
        let (h, w) = (from.padded.0 / stride, from.padded.1 / stride);
        let cells: Vec<f32> = (0..h).flat_map(|y| (0..w).map(move |_| y as f32)).chain((0..h).flat_map(|_| (0..w).map(|x| x as f32))).collect();
        let layout = Tensor::<4>::from_data(TensorData::new(cells, [1, 2, h, w]), &device);
        let enlarged = enlarged_layout(layout, &from, &to);
        let [_, _, to_h, to_w] = enlarged.dims();
        assert_eq!((to_h, to_w), (to.padded.0 / stride, to.padded.1 / stride));
        let values = enlarged.into_data().try_to_vec::<f32>().unwrap();
        // A cell's centre in the larger photo, as a fraction of the photo, in the smaller map's cells.
        let place = |cell: usize, to_work: u32, from_work: u32| (cell as f64 + 0.5) * stride as f64 / to_work as f64 * from_work as f64 / stride as f64 - 0.5;
        for y in 0..(to.work.1 as usize / stride) {
            for x in 0..(to.work.0 as usize / stride) {
                let (row, column) = (values[y * to_w + x] as f64, values[to_h * to_w + y * to_w + x] as f64);
                let (want_row, want_column) = (place(y, to.work.1, from.work.1).clamp(0.0, (h - 1) as f64), place(x, to.work.0, from.work.0).clamp(0.0, (w - 1) as f64));
                assert!((row - want_row).abs() <= 0.5 && (column - want_column).abs() <= 0.5, "cell ({y}, {x}) reads ({row:.2}, {column:.2}), the photo's place there is ({want_row:.2}, {want_column:.2})");
            }
        }
    }
}
