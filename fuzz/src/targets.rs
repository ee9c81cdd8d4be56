//! The bodies of the fuzz targets: what a stranger's bytes reach first in the library. The AFL
//! binaries (`src/bin/image.rs`, `src/bin/weights.rs`) run them under the fuzzer, and the normal test
//! run replays the committed corpus through them (`tests/fuzz_corpus.rs` includes this file), so a
//! crash once found and fixed stays fixed.
//!
//! A target fails (panics) when the library panics, or when it answers in a way its contract rules out:
//! an error of the wrong kind, a fitted image whose sizes disagree, a file that loads but does not
//! save and load back the same.

use ace::AceError;
use ace::pipeline::fit::{check_fit, fit, min_side, unfit};
use ace::pipeline::{ImageLimits, decode_image};
use ace::weights::file::{StorageDtype, load_bytes, read_header, save_bytes};
use burn::tensor::Device;

/// How far an input got: the replay test checks that the corpus reaches both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Refused with a typed error of the right kind.
    Refused,
    /// Accepted and processed to the end.
    Accepted,
}

/// The decoding limit under the fuzzer: the library's default is 64 megapixels, but a 40-byte PNG
/// header can claim that much, and every execution that allocates it costs the fuzzer a second.
/// The checks are the same code at either number.
pub const FUZZ_MAX_PIXELS: u64 = 1 << 22;

/// The (max side, size multiple) pairs every decoded image is fitted at: the shipped model's multiple
/// (4: relu3_1) and a content bottleneck's (8), at small sides so a fuzzer execution stays cheap.
const FITS: [(u32, usize); 2] = [(64, 4), (40, 8)];

/// Image bytes -> decoded RGB -> the translation's size checks -> fitted network input -> back.
pub fn image(bytes: &[u8]) -> Outcome {
    let limits = ImageLimits { max_pixels: FUZZ_MAX_PIXELS, ..ImageLimits::default() };
    let image = match decode_image(bytes, limits) {
        Ok(image) => image,
        Err(error) => return refused_image(error),
    };
    let (w, h) = image.dimensions();
    assert!(w >= limits.min_side && h >= limits.min_side && (w as u64 * h as u64) <= limits.max_pixels, "{w}x{h} passed the limits");
    for (max_side, multiple) in FITS {
        if let Err(error) = check_fit(w, h, max_side, multiple, limits.min_side) {
            refused_image(error);
            continue;
        }
        let fitted = fit(&image, max_side, multiple);
        let (ph, pw) = fitted.padded;
        let (ww, wh) = fitted.work;
        assert!(ph % multiple == 0 && pw % multiple == 0, "padded {pw}x{ph} is not a multiple of {multiple}");
        assert!(ww.min(wh) >= min_side(multiple) && pw >= ww as usize && ph >= wh as usize, "work {ww}x{wh} in {pw}x{ph}");
        assert_eq!(fitted.output.0.max(fitted.output.1), w.max(h).min(max_side), "{w}x{h} at max side {max_side}");
        assert_eq!(fitted.pixels.len(), 3 * ph * pw);
        assert!(fitted.pixels.iter().all(|v| (-1.0..=1.0).contains(v)), "network input outside [-1, 1]");
        // The identity network: what comes back has the size the caller was promised.
        assert_eq!(unfit(&fitted.pixels, &fitted).dimensions(), fitted.output);
    }
    Outcome::Accepted
}

fn refused_image(error: AceError) -> Outcome {
    match error {
        AceError::EmptyImage | AceError::InvalidImage(_) | AceError::ImageTooLarge { .. } | AceError::ImageTooSmall { .. } => {
            Outcome::Refused
        }
        other => panic!("an image was refused with a non-image error: {other:?}"),
    }
}

/// Weights-file bytes -> checked header -> a model on the CPU -> saved and loaded back.
pub fn weights(bytes: &[u8]) -> Outcome {
    let device = Device::flex();
    let header = read_header(bytes);
    match load_bytes(bytes, &device) {
        Ok(model) => {
            let header = header.expect("a file that loads has a readable header");
            assert_eq!(header.config, model.config);
            let saved = save_bytes(&model, StorageDtype::F32).expect("a loaded model saves");
            let again = load_bytes(&saved, &device).expect("a saved model loads");
            assert_eq!(again.config, model.config);
            Outcome::Accepted
        }
        Err(AceError::Weights(error)) => {
            // The header's verdict comes first: a file whose header is refused is refused for that. The
            // kind is compared, not the text: safetensors checks a header's tensors in hash-map order,
            // so a file with several bad entries names one of them at random.
            if let Err(header_error) = header {
                assert_eq!(std::mem::discriminant(&header_error), std::mem::discriminant(&error), "{header_error:?} then {error:?}");
            }
            Outcome::Refused
        }
        Err(other) => panic!("a weights file was refused with a non-weights error: {other:?}"),
    }
}
