//! Native CPU inference at 256x256 for the default (browser) config, on burn's flex backend.
//!
//! Peers measured in the same run, so the ratios mean something on a shared machine:
//! - `vgg_relu3_1`: the frozen VGG-19 slice alone (a fixed, well-known workload);
//! - `translate_default`: the whole translation (VGG, encoders, MLP, decoder, host pre/post-processing);
//! - `translate_tiny`: the same pipeline with the tiny test config (how much of the time is VGG).
//!
//! And, in group `variations_4_256`, four seeds of one photo (the page's variation strip, `ace eval`'s
//! seeds): four `translate_with_code` calls vs one `translate_seeds` (content encoded once, a batch of
//! four decoded).
//!
//! `cargo bench --bench inference` (needs scripts/fetch/vgg.sh). Figures go to BENCHMARKS.md.

use ace::nn::calibrate::calibrate_batch_norm;
use ace::weights::vgg_import::{default_vgg_path, import_vgg};
use ace::{AceConfig, TranslateOptions, Translator};
use burn::tensor::{Device, Tensor, TensorData};
use criterion::{Criterion, criterion_group, criterion_main};
use image::RgbImage;

fn photo(name: &str, side: u32) -> RgbImage {
    // Read when it runs (cargo sets the folder): the build folder is shared between clones.
    let path = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("assets/samples").join(name);
    let image = image::open(path).unwrap().into_rgb8();
    image::imageops::resize(&image, side, side, image::imageops::FilterType::Triangle)
}

fn batch(device: &Device) -> Tensor<4> {
    let mut data = Vec::new();
    for name in ["chelsea.png", "coffee.png"] {
        data.extend(ace::pipeline::to_chw(&photo(name, 64)));
    }
    Tensor::from_data(TensorData::new(data, [2, 3, 64, 64]), device)
}

fn translator(config: AceConfig, device: &Device) -> Translator {
    device.seed(0);
    let mut model = config.init(device);
    import_vgg(&mut model.vgg, &default_vgg_path()).expect("run scripts/fetch/vgg.sh first");
    let model = calibrate_batch_norm(model, batch(device), device);
    Translator::new(model, device.clone())
}

fn inference(c: &mut Criterion) {
    let device = Device::flex();
    let content = photo("chelsea.png", 256);
    let style = photo("coffee.png", 256);
    let options = TranslateOptions::default();
    let default = translator(AceConfig::default(), &device);
    let tiny = translator(AceConfig::tiny(), &device);
    println!(
        "default config: {:.1} GMAC per 256x256 translation (style encoding of a 256x256 style adds the VGG pass)",
        AceConfig::default().macs(256, 256) as f64 / 1e9
    );

    let mut group = c.benchmark_group("cpu_flex_256");
    group.sample_size(10);
    let input = {
        let fitted = ace::pipeline::fit::fit(&content, 1024, 4);
        default.input_tensor(&fitted)
    };
    group.bench_function("vgg_relu3_1", |b| b.iter(|| default.model().features(input.clone()).into_data()));
    group.bench_function("translate_default", |b| b.iter(|| default.translate(&content, Some(&style), 1, &options).unwrap()));
    group.bench_function("translate_tiny", |b| b.iter(|| tiny.translate(&content, Some(&style), 1, &options).unwrap()));
    group.finish();

    let code = default.encode_style(&style, &options).unwrap();
    let seeds = [1u64, 2, 3, 4];
    let mut group = c.benchmark_group("variations_4_256");
    group.sample_size(10);
    group.bench_function("four_calls", |b| {
        b.iter(|| {
            for seed in seeds {
                default.translate_with_code(&content, Some(&code), seed, &options).unwrap();
            }
        })
    });
    group.bench_function("translate_seeds", |b| b.iter(|| default.translate_seeds(&content, Some(&code), &seeds, &options).unwrap()));
    group.finish();
}

criterion_group!(benches, inference);
criterion_main!(benches);
