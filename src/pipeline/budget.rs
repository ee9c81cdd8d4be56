//! One memory budget for every size a translation can be asked for, checked before any pixel is
//! resampled or any tensor allocated: the whole translation's peak against the memory the caller
//! allows, and, on a GPU, its largest tensor against the device's largest buffer. An image that does
//! not fit is `ImageTooLarge`, naming the largest `max_side` that fits it, instead of an allocation
//! failure midway (a 2048 x 2048 translation needs about 2.2 GB).
//!
//! The peak is a linear model of the working size, calibrated on the CPU backend with
//! `examples/peak_memory.rs` (BENCHMARKS.md, "Memory of one translation"): VGG's first block holds 64
//! values a pixel for the photo, and the decoder's last maps `channels >> (poolings - 1)` values a
//! pixel for each seed; each is alive more than once at the peak (a convolution's grid and its output).
//! It is calibrated with the allocator keeping freed memory (`memory_reuse`, as the `ace` command line
//! runs), which peaks 2-20 % above glibc's defaults, so it holds for both.

use crate::config::AceConfig;
use crate::error::{AceError, Result, SizeLimit};

use super::fit::padded;
#[cfg(test)]
use super::fit::downscaled;

/// Bytes a translation holds per working pixel and channel of VGG's 64-channel maps: one and a half
/// f32 copies alive at once (measured: 5.1 to 6.9 from 2048 down to 512 px, one seed's decoder counted
/// below).
const ENCODER_BYTES_PER_VALUE: u64 = 6;
/// Bytes per working pixel, seed and channel of the decoder's last map (measured: 5.6 to 6.8 on the
/// shipped model, more per seed at 8 seeds than at 4).
const DECODER_BYTES_PER_VALUE: u64 = 8;
/// What the process holds besides the maps: the model, the runtime, the decoded photo (measured: 27 to
/// 54 MiB, the most beside a 2048 px photo, where the maps' margin covers the rest).
const FIXED_BYTES: u64 = 48 << 20;

/// The most a translation may hold, natively by default: a 1024 px photo with eight seeds fits, a
/// 2048 x 2048 one with one seed does too, a larger working size does not. `Translator::with_memory_limit`
/// raises or lowers it.
pub const NATIVE_MEMORY_LIMIT: u64 = 4 << 30;
/// In a browser tab: a wasm32 memory cannot pass 4 GiB, and a tab is stopped well before it.
pub const BROWSER_MEMORY_LIMIT: u64 = 2 << 30;

/// What a translation may use: `memory` bytes in all and, on a GPU, `buffer` bytes in one tensor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryBudget {
    pub memory: u64,
    pub buffer: Option<u64>,
}

impl Default for MemoryBudget {
    fn default() -> Self {
        let memory = if cfg!(target_arch = "wasm32") { BROWSER_MEMORY_LIMIT } else { NATIVE_MEMORY_LIMIT };
        Self { memory, buffer: None }
    }
}

/// What one translation needs, as (peak bytes in all, bytes of its largest tensor): the network at
/// `work` (the size it translates at, before padding) with `seeds` seeds and, when the result is
/// carried up to a larger `output`, the photo at that size, one output per seed and the difference
/// widened to the output's width (`pipeline::detail`).
pub fn needed(config: &AceConfig, work: (u32, u32), output: (u32, u32), seeds: usize) -> (u64, u64) {
    let (pw, ph) = padded(work.0, work.1, config.size_multiple());
    // A margin of 8 rows and columns: the decoder's reflection pads (up to 3 px a side) are copies.
    let pixels = (pw + 8) * (ph + 8);
    let decoder = (config.content_channels >> (config.vgg_layer.poolings() - 1)) as u64;
    let largest = pixels * 64.max(decoder * seeds as u64) * 4;
    let network = FIXED_BYTES + pixels * (64 * ENCODER_BYTES_PER_VALUE + decoder * seeds as u64 * DECODER_BYTES_PER_VALUE);
    let output_pixels = output.0 as u64 * output.1 as u64;
    let carried = if output == work { 0 } else { output_pixels * 3 * (seeds as u64 + 1) + widened(work, output) };
    // In a browser the pixels also cross the wasm boundary as RGBA: each output's copy on the way out
    // (the photo's copy on the way in is freed before the translation starts).
    let crossing = if cfg!(target_arch = "wasm32") { output_pixels * 4 * seeds as u64 } else { 0 };
    (network + carried + crossing, largest)
}

/// Bytes the upscaler holds for `seeds` translations of `work` size: its input, two hidden layers and
/// its last layer's output at the working size, and its output at twice the side, as floats.
pub fn upscaling(upscaler: crate::nn::upscaler::UpscalerConfig, work: (u32, u32), seeds: usize) -> u64 {
    let pixels = work.0 as u64 * work.1 as u64 * seeds as u64;
    let channels = upscaler.channels as u64;
    pixels * (3 + 2 * channels + 2 * 3 * (crate::nn::upscaler::FACTOR as u64).pow(2)) * 4
}

/// Bytes of one picture at the working size widened to the output's width (`pipeline::detail`), as
/// floats: the photo's band carried up widens one, the gated band three.
pub fn widened(work: (u32, u32), output: (u32, u32)) -> u64 {
    work.1 as u64 * output.0 as u64 * 3 * 4
}

/// Checks `need` (from [`needed`]) of a translation whose output is `size` against `budget`. Over it,
/// the error names the largest `max_side` that fits: `need_at(side)` is what the translation needs at
/// `max_side` `side` (the need grows with the side), searched below `max_side`.
pub fn check(need: (u64, u64), size: (u32, u32), max_side: u32, need_at: impl Fn(u32) -> (u64, u64), budget: MemoryBudget) -> Result<()> {
    let fits = |(peak, largest): (u64, u64)| peak <= budget.memory && budget.buffer.is_none_or(|allowed| largest <= allowed);
    if fits(need) {
        return Ok(());
    }
    let (mut fitting, mut too_big) = (0, max_side);
    while too_big - fitting > 1 {
        let mid = (fitting + too_big) / 2;
        if fits(need_at(mid)) { fitting = mid } else { too_big = mid }
    }
    let (peak, largest) = need;
    let limit = match budget.buffer {
        Some(allowed) if largest > allowed => SizeLimit::GpuBuffer { needed: largest, allowed, max_side: fitting },
        _ => SizeLimit::Memory { needed: peak, allowed: budget.memory, max_side: fitting },
    };
    Err(AceError::ImageTooLarge { width: size.0, height: size.1, limit })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The need of a `w` x `h` photo translated by the network at `side`, output at that size too.
    fn direct(config: &AceConfig, (w, h): (u32, u32), side: u32, seeds: usize) -> (u64, u64) {
        let work = downscaled(w, h, side);
        needed(config, work, work, seeds)
    }

    #[test]
    fn the_need_grows_with_the_working_size_the_seeds_and_a_carried_output() {
        let config = AceConfig::default();
        let (one, _) = direct(&config, (1024, 1024), 1024, 1);
        let (four, _) = direct(&config, (1024, 1024), 1024, 4);
        let (small, _) = direct(&config, (1024, 1024), 512, 1);
        assert!(small < one && one < four);
        // Downscaling happens first: a 4000 px photo at side 512 needs what a 512 px one does.
        assert_eq!(direct(&config, (4000, 4000), 512, 1), direct(&config, (512, 512), 512, 1));
        // A 4224x3168 photo carried up from 128x96: the network's need plus the photo and each seed's
        // output at full size, about 40 MB each, and no larger tensor.
        let (network, largest) = needed(&config, (128, 96), (128, 96), 1);
        let (carried, carried_largest) = needed(&config, (128, 96), (4224, 3168), 1);
        assert_eq!(carried_largest, largest);
        let extra = carried - network;
        assert!((2 * 4224 * 3168 * 3..2 * 4224 * 3168 * 3 + (8 << 20)).contains(&extra), "{extra}");
        assert!(needed(&config, (128, 96), (4224, 3168), 2).0 - carried > 4224 * 3168 * 3 - 1);
    }

    #[test]
    fn a_translation_over_the_budget_names_the_largest_side_that_fits() {
        let config = AceConfig::default();
        let at = |side| direct(&config, (2048, 2048), side, 1);
        let budget = MemoryBudget { memory: 1 << 30, buffer: None };
        match check(at(2048), (2048, 2048), 2048, at, budget) {
            Err(AceError::ImageTooLarge { width: 2048, height: 2048, limit: SizeLimit::Memory { needed, allowed, max_side } }) => {
                assert!(needed > allowed && allowed == 1 << 30);
                assert!(check(at(max_side), (max_side, max_side), max_side, at, budget).is_ok());
                assert!(check(at(max_side + 1), (max_side + 1, max_side + 1), max_side + 1, at, budget).is_err());
            }
            other => panic!("{other:?}"),
        }
        // A GPU's buffer limit is the one named when it is the one broken.
        let at = |side| direct(&config, (1024, 683), side, 1);
        let gpu = MemoryBudget { memory: u64::MAX, buffer: Some(128 << 20) };
        assert!(matches!(
            check(at(1024), (1024, 683), 1024, at, gpu),
            Err(AceError::ImageTooLarge { limit: SizeLimit::GpuBuffer { .. }, .. })
        ));
        assert!(check(at(512), (512, 342), 512, at, gpu).is_ok());
    }
}
