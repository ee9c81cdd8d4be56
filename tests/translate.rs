//! Native translation end to end on real photos: determinism, seeds, any input size, bad input.
//! The model is untrained (random ACE networks around the real ImageNet VGG): these tests check the
//! pipeline's contract, not translation quality (that is `ace eval`'s job).

mod common;

use std::sync::OnceLock;

use ace::pipeline::decode_image;
use ace::pipeline::ImageLimits;
use ace::pipeline::{from_chw, to_chw};
use ace::nn::upscaler::UpscalerConfig;
use burn::module::Param;
use burn::tensor::{Distribution, Tensor, TensorData};
use ace::{AceConfig, AceError, DetailFrom, StyleCode, TranslateOptions, Translator};
use burn::tensor::Device;
use image::RgbImage;

fn translator() -> &'static Translator {
    static T: OnceLock<Translator> = OnceLock::new();
    T.get_or_init(|| {
        let device = Device::flex();
        Translator::new(common::model_with_vgg(&AceConfig::tiny(), 3, &device), device)
    })
}

fn photo(name: &str) -> RgbImage {
    decode_image(&common::fixture_bytes(name), ImageLimits::default()).unwrap()
}

/// Downscaled copies keep the tests quick; the pipeline itself is tested at full size below.
fn small(name: &str, side: u32) -> RgbImage {
    let image = photo(name);
    let (w, h) = image.dimensions();
    let scale = side as f64 / w.max(h) as f64;
    image::imageops::resize(
        &image,
        (w as f64 * scale) as u32,
        (h as f64 * scale) as u32,
        image::imageops::FilterType::Triangle,
    )
}

#[test]
fn same_inputs_and_seed_give_identical_pixels() {
    let t = translator();
    let (content, style) = (small("chelsea.png", 96), small("coffee.png", 64));
    let options = TranslateOptions::default();
    let a = t.translate(&content, Some(&style), 42, &options).unwrap();
    let b = t.translate(&content, Some(&style), 42, &options).unwrap();
    assert_eq!(a.image.dimensions(), content.dimensions());
    assert_eq!(a.image.as_raw(), b.image.as_raw());
    let c = t.translate(&content, None, 42, &options).unwrap();
    let d = t.translate(&content, None, 42, &options).unwrap();
    assert_eq!(c.image.as_raw(), d.image.as_raw());
}

#[test]
fn different_seeds_give_different_pictures_with_and_without_a_style() {
    let t = translator();
    let (content, style) = (small("chelsea.png", 96), small("coffee.png", 64));
    let options = TranslateOptions::default();
    let with_style = |seed| t.translate(&content, Some(&style), seed, &options).unwrap().image;
    let d = common::mean_abs_diff(&with_style(1), &with_style(2));
    println!("seed 1 vs 2 with a style: mean abs diff {:.4} ({:.1}/255)", d, d * 255.0);
    assert!(d >= 2.0 / 255.0, "seeds barely matter with a style: {d}");
    let without = |seed| t.translate(&content, None, seed, &options).unwrap().image;
    let d = common::mean_abs_diff(&without(1), &without(2));
    println!("seed 1 vs 2 without a style: mean abs diff {:.4} ({:.1}/255)", d, d * 255.0);
    assert!(d >= 2.0 / 255.0, "seeds barely matter without a style: {d}");
}

#[test]
fn a_batch_of_seeds_matches_one_call_per_seed() {
    let t = translator();
    let (content, style) = (small("chelsea.png", 72), small("coffee.png", 64));
    let options = TranslateOptions::default();
    let code = t.encode_style(&style, &options).unwrap();
    for style in [Some(&code), None] {
        let batch = t.translate_seeds(&content, style, &[4, 5, 6], &options).unwrap();
        assert_eq!(batch.len(), 3);
        for (seed, from_batch) in [4u64, 5, 6].into_iter().zip(&batch) {
            let one = t.translate_with_code(&content, style, seed, &options).unwrap();
            assert_eq!(from_batch.style, one.style, "seed {seed}: the same style code");
            assert_eq!(from_batch.image.dimensions(), one.image.dimensions());
            let worst = from_batch.image.as_raw().iter().zip(one.image.as_raw()).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
            assert!(worst <= 1, "seed {seed}: batch and single differ by {worst}/255");
        }
    }
    assert!(matches!(t.translate_seeds(&content, None, &[], &options), Err(AceError::InvalidOption(_))));
}

#[test]
fn variation_zero_makes_the_seed_irrelevant_and_strength_blends() {
    let t = translator();
    let (content, style) = (small("chelsea.png", 64), small("coffee.png", 64));
    let fixed = TranslateOptions { variation: 0.0, ..TranslateOptions::default() };
    let a = t.translate(&content, Some(&style), 1, &fixed).unwrap();
    let b = t.translate(&content, Some(&style), 2, &fixed).unwrap();
    assert_eq!(a.image.as_raw(), b.image.as_raw());

    let style_code = t.encode_style(&style, &fixed).unwrap();
    let own = t.encode_style(&content, &TranslateOptions { style_max_side: 1024, ..fixed }).unwrap();
    // Strength 0 gives the photo back, pixel for pixel; 0.5 lies halfway between it and the translation.
    let full = t.translate_with_code(&content, Some(&style_code), 5, &fixed).unwrap();
    let zero = t.translate_with_code(&content, Some(&style_code), 5, &TranslateOptions { strength: 0.0, ..fixed }).unwrap();
    assert_eq!(zero.image, content);
    let half = t.translate_with_code(&content, Some(&style_code), 5, &TranslateOptions { strength: 0.5, ..fixed }).unwrap();
    for ((h, p), f) in half.image.iter().zip(content.iter()).zip(full.image.iter()) {
        assert!((*h as f32 - (*p as f32 + *f as f32) / 2.0).abs() <= 1.0, "{h} is not halfway between {p} and {f}");
    }
    assert_eq!(half.style, full.style, "strength does not change the decoded code");
    // Mixing is a normalised weighted sum.
    let mixed = StyleCode::mix(&[style_code.clone(), own.clone()], &[3.0, 1.0]).unwrap();
    for ((m, s), o) in mixed.as_slice().iter().zip(style_code.as_slice()).zip(own.as_slice()) {
        assert!((m - (0.75 * s + 0.25 * o)).abs() < 1e-6);
    }
}

#[test]
fn odd_sizes_work_and_keep_their_size() {
    let t = translator();
    let options = TranslateOptions::default();
    let style = small("coffee.png", 64);
    for (w, h) in [(8, 8), (17, 31), (31, 17), (8, 300), (64, 64)] {
        let content = image::imageops::resize(&photo("chelsea.png"), w, h, image::imageops::FilterType::Triangle);
        let out = t.translate(&content, Some(&style), 9, &options).unwrap();
        assert_eq!(out.image.dimensions(), (w, h), "size {w}x{h}");
        assert!(out.downscaled.is_none());
    }
    // A flat 8x8 style image is a valid (if uninformative) style.
    let flat_style = RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30]));
    t.translate(&small("chelsea.png", 40), Some(&flat_style), 9, &options).unwrap();
    // Below the minimum side (a 1x1 image is almost always an unloaded picture) is a typed error,
    // for the content and for the style.
    let dot = RgbImage::from_pixel(1, 1, image::Rgb([200, 30, 30]));
    let too_small = |r| matches!(r, Err(AceError::ImageTooSmall { width: 1, height: 1, min_side: 8 }));
    assert!(too_small(t.translate(&dot, Some(&style), 9, &options)));
    assert!(too_small(t.translate(&style, Some(&dot), 9, &options)));
}

#[test]
fn a_4000x3000_photo_is_downscaled_to_the_maximum_side_and_translated() {
    let t = translator();
    let options = TranslateOptions::default();
    assert!(options.max_side >= 1024);
    let big = image::imageops::resize(&photo("chelsea.png"), 4000, 3000, image::imageops::FilterType::Triangle);
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(big)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let out = t.translate_bytes(&png, None, 1, &options).unwrap();
    assert_eq!(out.image.dimensions(), (1024, 768));
    let downscaled = out.downscaled.expect("the downscale is reported");
    assert_eq!((downscaled.from, downscaled.to, downscaled.max_side), ((4000, 3000), (1024, 768), 1024));
}

#[test]
fn only_empty_or_undecodable_input_is_an_error_and_never_a_panic() {
    let t = translator();
    let options = TranslateOptions::default();
    let png = common::fixture_bytes("chelsea.png");
    let style = common::fixture_bytes("coffee.png");

    assert!(matches!(t.translate_bytes(b"", None, 0, &options), Err(AceError::EmptyImage)));
    assert!(matches!(t.translate_bytes(&png[..png.len() / 3], None, 0, &options), Err(AceError::InvalidImage(_))));
    assert!(matches!(t.translate_bytes(&png[..20], None, 0, &options), Err(AceError::InvalidImage(_))));
    assert!(matches!(t.translate_bytes(b"just some text, no image here\n", None, 0, &options), Err(AceError::InvalidImage(_))));
    assert!(matches!(t.translate_bytes(&[0u8; 4096], None, 0, &options), Err(AceError::InvalidImage(_))));
    // A bad style image is the same typed error.
    assert!(matches!(t.translate_bytes(&png, Some(b"GIF89a...."), 0, &options), Err(AceError::InvalidImage(_))));
    // A header claiming a gigantic image is refused before any pixel is allocated.
    let mut huge = Vec::new();
    image::DynamicImage::ImageRgb8(RgbImage::new(1, 1))
        .write_to(&mut std::io::Cursor::new(&mut huge), image::ImageFormat::Png)
        .unwrap();
    huge[16..20].copy_from_slice(&60000u32.to_be_bytes()); // IHDR width
    huge[20..24].copy_from_slice(&60000u32.to_be_bytes()); // IHDR height
    let crc = crc32fast::hash(&huge[12..29]); // chunk type + data
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    assert!(matches!(t.translate_bytes(&huge, None, 0, &options), Err(AceError::ImageTooLarge { .. })));
    // Out-of-range options are typed errors too.
    let bad = TranslateOptions { strength: 1.5, ..options };
    assert!(matches!(t.translate_bytes(&style, None, 0, &bad), Err(AceError::InvalidOption(_))));
    for detail in [-0.1, 1.5, f32::NAN] {
        let bad = TranslateOptions { detail, ..options };
        assert!(matches!(t.translate_bytes(&style, None, 0, &bad), Err(AceError::InvalidOption(m)) if m.contains("detail")));
    }
    let bad_code = StyleCode(vec![f32::NAN; 8]);
    assert!(matches!(
        t.translate_with_code(&small("chelsea.png", 32), Some(&bad_code), 0, &options),
        Err(AceError::InvalidOption(_))
    ));
    // JPEG and PNG fixtures decode; a GIF-like header without data does not.
    t.translate_bytes(&common::fixture_bytes("orange.jpg"), Some(&style), 0, &TranslateOptions { max_side: 64, ..options }).unwrap();
}

#[test]
fn seeds_give_the_same_noise_everywhere() {
    // Pinned values: a change of generator would silently change every user's seeds.
    let z = ace::pipeline::standard_normal(42, 8);
    let again = ace::pipeline::standard_normal(42, 8);
    assert_eq!(z, again);
    assert_ne!(z, ace::pipeline::standard_normal(43, 8));
    let mean: f32 = ace::pipeline::standard_normal(7, 10_000).iter().sum::<f32>() / 10_000.0;
    let var: f32 = ace::pipeline::standard_normal(7, 10_000).iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 10_000.0;
    assert!(mean.abs() < 0.05 && (var - 1.0).abs() < 0.05, "mean {mean}, var {var}");
    println!("z(42) = {z:?}");
}

/// Phone photos: the JPEG stores the sensor's rows and an EXIF tag saying how to turn them. Every one of
/// the eight tags decodes to the upright picture (same size, same pixels up to JPEG's loss), and a
/// translation of a tagged photo comes back upright, at the upright size.
#[test]
fn every_exif_orientation_decodes_upright_and_translates_upright() {
    let dir = common::root().join("tests/fixtures/orientation");
    let upright = image::open(dir.join("upright.png")).unwrap().into_rgb8();
    for tag in 1..=8 {
        let bytes = std::fs::read(dir.join(format!("{tag}.jpg"))).unwrap();
        let decoded = decode_image(&bytes, ImageLimits::default()).unwrap();
        assert_eq!(decoded.dimensions(), upright.dimensions(), "orientation {tag}: the size");
        let mean = common::mean_abs_diff(&decoded, &upright) * 255.0;
        assert!(mean < 3.0, "orientation {tag}: {mean:.2} / 255 from the upright picture");
    }
    let portrait = std::fs::read(dir.join("6.jpg")).unwrap();
    let out = translator().translate_bytes(&portrait, None, 1, &TranslateOptions::default()).unwrap();
    assert_eq!(out.image.dimensions(), upright.dimensions());
}

/// `model_side`: the network works at the model's side and the result is carried up to the asked size
/// with the photo's own detail, exactly as translating small and carrying up by hand; a model side at
/// or above the output's changes nothing.
#[test]
fn a_model_side_translates_small_and_carries_the_result_up_to_the_asked_size() {
    let t = translator();
    let content = photo("chelsea.png"); // 451x300
    let options = TranslateOptions { max_side: 256, variation: 0.0, model_side: None, ..TranslateOptions::default() };
    let direct = t.translate(&content, None, 3, &options).unwrap();
    let carried = t.translate(&content, None, 3, &TranslateOptions { model_side: Some(128), ..options }).unwrap();
    assert_eq!(carried.image.dimensions(), (256, 170));
    assert_eq!(carried.downscaled, direct.downscaled, "the caller is told the size it gets, not the network's");
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, ..options }).unwrap();
    let photo_256 = image::imageops::resize(&content, 256, 170, image::imageops::FilterType::Lanczos3);
    assert_eq!(carried.image, ace::pipeline::detail::carry_up(&at_128.image, &photo_256, options.detail));
    assert_ne!(carried.image, direct.image);
    // Another share of the photo's detail: the same translation, carried up with that share of the band.
    let sharper = t.translate(&content, None, 3, &TranslateOptions { model_side: Some(128), detail: 1.0, ..options }).unwrap();
    assert_eq!(sharper.image, ace::pipeline::detail::carry_up(&at_128.image, &photo_256, 1.0));
    assert_ne!(sharper.image, carried.image);
    for side in [256, 512] {
        assert_eq!(t.translate(&content, None, 3, &TranslateOptions { model_side: Some(side), ..options }).unwrap().image, direct.image);
    }
    for side in [8, 5000] {
        assert!(matches!(options_error(TranslateOptions { model_side: Some(side), ..options }), AceError::InvalidOption(m) if m.contains("model_side")));
    }
}

#[test]
fn detail_from_the_network_carries_up_the_band_of_its_own_translation_at_the_output_size() {
    let t = translator();
    let content = photo("chelsea.png"); // 451x300
    let options = TranslateOptions { max_side: 256, variation: 0.0, model_side: Some(128), detail: 1.0, ..TranslateOptions::default() };
    let network = TranslateOptions { detail_from: DetailFrom::Network, ..options };
    let carried = t.translate(&content, None, 3, &network).unwrap();
    assert_eq!(carried.image.dimensions(), (256, 170));
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, ..options }).unwrap();
    let own_256 = t.translate(&content, None, 3, &TranslateOptions { model_side: None, ..options }).unwrap();
    assert_eq!(carried.image, ace::pipeline::detail::carry_up(&at_128.image, &own_256.image, 1.0));
    assert_ne!(carried.image, t.translate(&content, None, 3, &options).unwrap().image, "not the photo's band");
    // A batch of seeds takes each seed's own translation's band.
    let batch = t.translate_seeds(&content, None, &[3, 4], &network).unwrap();
    assert_eq!(batch[0].image, carried.image);
    assert_eq!(batch[1].image, t.translate(&content, None, 4, &network).unwrap().image);
    // No band: both sources give the translation upsampled.
    let none = |detail_from| t.translate(&content, None, 3, &TranslateOptions { detail: 0.0, detail_from, ..options }).unwrap().image;
    assert_eq!(none(DetailFrom::Network), none(DetailFrom::Photo));
    assert!(matches!(options_error(TranslateOptions { full_size: true, ..network }), AceError::InvalidOption(m) if m.contains("full_size")));
}

#[test]
fn detail_from_the_decoder_carries_up_the_band_it_draws_at_the_output_size_on_the_translations_layout() {
    let t = translator();
    let content = photo("chelsea.png"); // 451x300
    let options = TranslateOptions { max_side: 256, variation: 0.0, model_side: Some(128), detail: 1.0, ..TranslateOptions::default() };
    let decoder = TranslateOptions { detail_from: DetailFrom::Decoder, ..options };
    let carried = t.translate(&content, None, 3, &decoder).unwrap();
    assert_eq!(carried.image.dimensions(), (256, 170));
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, ..options }).unwrap();
    let network = t.translate(&content, None, 3, &TranslateOptions { detail_from: DetailFrom::Network, ..options }).unwrap();
    assert_ne!(carried.image, network.image, "not the band of the network's own pass at 256 px");
    assert_ne!(carried.image, t.translate(&content, None, 3, &options).unwrap().image, "not the photo's band");
    // Only the band above what 128 px holds is the decoder's: brought back down, the result is the
    // 128 px translation (up to the resampling filters' few levels).
    let down = ace::pipeline::detail::down(&carried.image, at_128.image.dimensions());
    let mean_difference = down.as_raw().iter().zip(at_128.image.as_raw()).map(|(a, b)| (*a as f64 - *b as f64).abs()).sum::<f64>() / down.as_raw().len() as f64;
    assert!(mean_difference < 3.0, "down again it differs from the 128 px translation by {mean_difference:.2} levels");
    // A batch of seeds takes each seed's own drawing.
    let batch = t.translate_seeds(&content, None, &[3, 4], &decoder).unwrap();
    assert_eq!(batch[0].image, carried.image);
    assert_eq!(batch[1].image, t.translate(&content, None, 4, &decoder).unwrap().image);
    // No band, or no carrying up: the source of the band changes nothing.
    let at = |detail, max_side, detail_from| t.translate(&content, None, 3, &TranslateOptions { detail, max_side, detail_from, ..options }).unwrap().image;
    assert_eq!(at(0.0, 256, DetailFrom::Decoder), at(0.0, 256, DetailFrom::Photo));
    assert_eq!(at(1.0, 128, DetailFrom::Decoder), at_128.image);
    assert!(matches!(options_error(TranslateOptions { full_size: true, ..decoder }), AceError::InvalidOption(m) if m.contains("full_size") && m.contains("decoder")));
    assert!(matches!("paint".parse::<DetailFrom>(), Err(AceError::InvalidOption(m)) if m.contains("\"decoder\"")));
}

#[test]
fn detail_from_guided_carries_up_the_photos_band_gated_by_the_translation() {
    let t = translator();
    let content = photo("chelsea.png"); // 451x300
    let options = TranslateOptions { max_side: 256, variation: 0.0, model_side: Some(128), detail: 1.0, ..TranslateOptions::default() };
    let guided = TranslateOptions { detail_from: DetailFrom::Guided, ..options };
    let carried = t.translate(&content, None, 3, &guided).unwrap();
    assert_eq!(carried.image.dimensions(), (256, 170));
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, ..options }).unwrap();
    let photo_256 = image::imageops::resize(&content, 256, 170, image::imageops::FilterType::Lanczos3);
    let detail = ace::pipeline::detail::PhotoDetail::of(&photo_256, at_128.image.dimensions());
    assert_eq!(carried.image, detail.carry_up_guided(&at_128.image, 1.0));
    // Less than the whole band, more than none: the gate is open in places and closed in others.
    let distance = |a: &image::RgbImage, b: &image::RgbImage| a.as_raw().iter().zip(b.as_raw()).map(|(a, b)| (*a as f64 - *b as f64).powi(2)).sum::<f64>();
    let (whole, none) = (detail.carry_up(&at_128.image, 1.0), detail.carry_up(&at_128.image, 0.0));
    let (carried_share, whole_share) = (distance(&carried.image, &none), distance(&whole, &none));
    assert!(carried_share > 0.0 && carried_share < whole_share, "{carried_share} against the whole band's {whole_share}");
    // A batch of seeds gates each seed's translation by its own.
    let batch = t.translate_seeds(&content, None, &[3, 4], &guided).unwrap();
    assert_eq!(batch[0].image, carried.image);
    assert_eq!(batch[1].image, t.translate(&content, None, 4, &guided).unwrap().image);
    // It draws nothing at the output's size, so full size takes it; a wrong word names it among the others.
    assert!(t.translate(&content, None, 3, &TranslateOptions { full_size: true, ..guided }).is_ok());
    assert!(matches!("paint".parse::<DetailFrom>(), Err(AceError::InvalidOption(m)) if m.contains("\"guided\"")));
}

/// `upscale`: the translation at the model's side is enlarged by the model's upscaler, as the upscaler
/// alone enlarges it, and the photo's band is carried only above twice that side; where no upscaler
/// can run, the default changes nothing.
#[test]
fn upscale_enlarges_the_translation_with_the_models_upscaler_before_any_band_is_carried() {
    let device = Device::flex();
    device.seed(5);
    let mut model = common::model_with_vgg(&AceConfig::tiny(), 3, &device);
    let without_upscaler = model.clone();
    let config = UpscalerConfig { channels: 4, hidden_convs: 1 };
    let mut upscaler = config.init(&device);
    // A last layer as training leaves it (an untrained one adds nothing to the bicubic enlargement).
    let dims = upscaler.last.conv.weight.dims();
    upscaler.last.conv.weight = Param::from_tensor(Tensor::random(dims, Distribution::Normal(0.0, 0.05), &device));
    (model.upscaler, model.config.upscaler) = (Some(upscaler.clone()), Some(config));
    let t = Translator::new(model, device.clone());
    let content = photo("chelsea.png"); // 451x300
    let options = TranslateOptions { max_side: 256, variation: 0.0, model_side: Some(128), detail: 1.0, upscale: true, ..TranslateOptions::default() };
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, ..options }).unwrap();
    let (w, h) = at_128.image.dimensions();
    let input = Tensor::from_data(TensorData::new(to_chw(&at_128.image), [1, 3, h as usize, w as usize]), &device);
    let by_hand = from_chw(&upscaler.forward(input).into_data().try_to_vec::<f32>().unwrap(), 2 * w, 2 * h);
    let upscaled = t.translate(&content, None, 3, &options).unwrap();
    assert_eq!(upscaled.image.dimensions(), (256, 170));
    assert_eq!(upscaled.image, by_hand);
    assert_ne!(upscaled.image, t.translate(&content, None, 3, &TranslateOptions { upscale: false, ..options }).unwrap().image);
    // Above twice the model's side, the photo's band is carried up from the upscaler's output.
    let larger = t.translate(&content, None, 3, &TranslateOptions { max_side: 512, ..options }).unwrap();
    assert_eq!(larger.image, ace::pipeline::detail::carry_up(&by_hand, &content, 1.0));
    // Twice the side, with the shorter sides rounded apart (43 px at 64, 85 at 128): enlarged, then
    // taken the last pixel to the output's size.
    let rounded = TranslateOptions { max_side: 128, model_side: Some(64), ..options };
    let at_64 = t.translate(&content, None, 3, &TranslateOptions { max_side: 64, ..options }).unwrap();
    assert_eq!(at_64.image.dimensions(), (64, 43));
    let rounded_up = t.translate(&content, None, 3, &rounded).unwrap();
    assert_eq!(rounded_up.image.dimensions(), (128, 85));
    assert_ne!(rounded_up.image, t.translate(&content, None, 3, &TranslateOptions { upscale: false, ..rounded }).unwrap().image);
    // Short of twice the side, there is nothing for it to do: the photo's band alone, as without it.
    let short = TranslateOptions { max_side: 200, ..options };
    assert_eq!(t.translate(&content, None, 3, &short).unwrap().image, t.translate(&content, None, 3, &TranslateOptions { upscale: false, ..short }).unwrap().image);
    // A batch of seeds enlarges each seed's translation as one call does.
    let batch = t.translate_seeds(&content, None, &[3, 4], &options).unwrap();
    assert_eq!(batch[0].image, upscaled.image);
    assert_eq!(batch[1].image, t.translate(&content, None, 4, &options).unwrap().image);
    // The default asks for it wherever it can run: a model without one, and detail drawn at the
    // output's size (which replaces the enlargement), carry the translation up as without it.
    assert!(TranslateOptions::default().upscale);
    let plain = Translator::new(without_upscaler, device.clone());
    let off = TranslateOptions { upscale: false, ..options };
    assert_eq!(plain.translate(&content, None, 3, &options).unwrap().image, t.translate(&content, None, 3, &off).unwrap().image);
    let redrawn = TranslateOptions { detail_from: DetailFrom::Network, ..options };
    let redrawn_off = TranslateOptions { upscale: false, ..redrawn };
    assert_eq!(t.translate(&content, None, 3, &redrawn).unwrap().image, t.translate(&content, None, 3, &redrawn_off).unwrap().image);
}

fn options_error(options: TranslateOptions) -> AceError {
    translator().translate(&photo("chelsea.png"), None, 0, &options).unwrap_err()
}

/// The memory budget is checked before any work, and the side it names fits.
#[test]
fn a_translation_over_the_memory_budget_is_refused_before_any_work() {
    let device = Device::flex();
    let t = Translator::new(common::model_with_vgg(&AceConfig::tiny(), 3, &device), device).with_memory_limit(64 << 20);
    let big = image::imageops::resize(&photo("chelsea.png"), 2048, 1365, image::imageops::FilterType::Triangle);
    let options = TranslateOptions { max_side: 2048, model_side: None, ..TranslateOptions::default() };
    match t.translate(&big, None, 0, &options) {
        Err(AceError::ImageTooLarge { width: 2048, height: 1365, limit: ace::SizeLimit::Memory { needed, allowed, max_side } }) => {
            assert!(needed > allowed && allowed == 64 << 20 && max_side < 2048, "{needed} {allowed} {max_side}");
            let fits = t.translate(&big, None, 0, &TranslateOptions { max_side, ..options }).unwrap();
            assert_eq!(fits.image.width(), max_side);
        }
        other => panic!("{other:?}"),
    }
}

/// `full_size`: the photo comes back at its own size, carried up from the model's side exactly as by
/// hand; its memory is counted, and a budget that cannot hold it names a `max_side` that fits.
#[test]
fn full_size_returns_the_photo_at_its_own_size_within_the_memory_budget() {
    let t = translator();
    let content = photo("chelsea.png"); // 451x300
    let full = TranslateOptions { full_size: true, max_side: 256, variation: 0.0, ..TranslateOptions::default() };
    let out = t.translate(&content, None, 3, &full).unwrap();
    assert_eq!(out.image.dimensions(), (451, 300));
    assert_eq!(out.downscaled, None);
    let at_128 = t.translate(&content, None, 3, &TranslateOptions { max_side: 128, full_size: false, ..full }).unwrap();
    assert_eq!(out.image, ace::pipeline::detail::carry_up(&at_128.image, &content, full.detail));
    // Strength blends at full size too.
    let half = t.translate(&content, None, 3, &TranslateOptions { strength: 0.5, ..full }).unwrap();
    assert_eq!(half.image.dimensions(), (451, 300));
    // Memory: the photo and each seed's output are counted at their size (full: 451x300; else 256x170).
    let (w, h) = content.dimensions();
    let small = TranslateOptions { full_size: false, ..full };
    assert!(t.memory_needed(w, h, &full, 1) >= t.memory_needed(w, h, &small, 1) + 2 * (451 * 300 - 256 * 170) * 3);
    assert!(t.memory_needed(w, h, &full, 2) >= t.memory_needed(w, h, &full, 1) + 451 * 300 * 3);
    let budget = (t.memory_needed(w, h, &full, 1) + t.memory_needed(w, h, &small, 1)) / 2;
    let device = Device::flex();
    let tight = Translator::new(common::model_with_vgg(&AceConfig::tiny(), 3, &device), device).with_memory_limit(budget);
    match tight.translate(&content, None, 3, &full) {
        Err(AceError::ImageTooLarge { width: 451, height: 300, limit: ace::SizeLimit::Memory { max_side, .. } }) => {
            assert!(tight.translate(&content, None, 3, &TranslateOptions { max_side, ..small }).is_ok(), "max side {max_side}");
        }
        other => panic!("{other:?}"),
    }
}
