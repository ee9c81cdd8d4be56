//! Is the imported network really ImageNet VGG? (`vgg_import.rs` checks the numbers against an
//! independent reference on every machine; this checks what they mean, on the optional photo collection.)
//! Nearest-centroid classification of globally pooled
//! relu4_1 features, cats (drit-cat) vs dogs (drit-dog), 48 training photos per class for the
//! centroids, every test photo scored: the imported weights must beat a randomly initialised VGG (fixed
//! seed) by at least 10 points of balanced accuracy. A mis-ordered channel, a transposed kernel or a
//! wrong dequantisation table would wipe that margin out. (Measured when written: 77.2 % vs 64.4 %.
//! Average pooling of relu3_1, the default model's layer, separates the two far less: 68.4 vs 59.7.)

mod common;

use std::path::PathBuf;

use ace::VggLayer;
use ace::nn::vgg::{Vgg19Slice, Vgg19SliceConfig};
use ace::weights::vgg_import::import_vgg;
use burn::tensor::{Device, Tensor, TensorData};

const SIDE: u32 = 112;

fn images(data: &std::path::Path, domain: &str, split: &str, limit: usize) -> Vec<PathBuf> {
    let dir = data.join(domain).join(split);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.truncate(limit);
    assert!(!files.is_empty(), "no images in {}", dir.display());
    files
}

/// Globally max-pooled relu4_1 features, one row per image. Max pooling asks "is this part anywhere",
/// which is what ImageNet training makes semantic; averages mostly measure colour and texture, which
/// a random network captures too.
fn pooled(vgg: &Vgg19Slice, files: &[PathBuf], device: &Device) -> Vec<Vec<f32>> {
    let s = SIDE as usize;
    let mut out = Vec::new();
    for chunk in files.chunks(16) {
        let mut data = Vec::with_capacity(chunk.len() * 3 * s * s);
        for file in chunk {
            let image = image::open(file).unwrap().into_rgb8();
            let image = image::imageops::resize(&image, SIDE, SIDE, image::imageops::FilterType::Triangle);
            data.extend(ace::pipeline::to_chw(&image));
        }
        let batch = Tensor::<4>::from_data(TensorData::new(data, [chunk.len(), 3, s, s]), device);
        let features = vgg.forward_image(batch);
        let [n, c, h, w] = features.dims();
        let flat = features.reshape([n, c, h * w]);
        let pooled = flat.max_dim(2).reshape([n, c]);
        let values = pooled.into_data().try_into_vec::<f32>().unwrap();
        out.extend(values.chunks(c).map(|row| row.to_vec()));
    }
    out
}

fn centroid(rows: &[Vec<f32>]) -> Vec<f32> {
    let mut c = vec![0.0; rows[0].len()];
    for row in rows {
        for (a, b) in c.iter_mut().zip(row) {
            *a += b / rows.len() as f32;
        }
    }
    c
}

fn dist(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Balanced accuracy (mean of per-class accuracies), so the 85 cats do not outvote the 33 dogs.
/// Centred on the training mean, then L2-normalised: ReLU features share a large common component
/// that would otherwise dominate every distance.
fn standardise(rows: Vec<Vec<f32>>, mean: &[f32]) -> Vec<Vec<f32>> {
    rows.into_iter()
        .map(|row| {
            let centred: Vec<f32> = row.iter().zip(mean).map(|(v, m)| v - m).collect();
            let norm = centred.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
            centred.iter().map(|v| v / norm).collect()
        })
        .collect()
}

fn accuracy(data: &std::path::Path, vgg: &Vgg19Slice, device: &Device) -> f64 {
    let cats = pooled(vgg, &images(data, "drit-cat", "train", 48), device);
    let dogs = pooled(vgg, &images(data, "drit-dog", "train", 48), device);
    let mean = centroid(&[cats.clone(), dogs.clone()].concat());
    let (cats, dogs) = (standardise(cats, &mean), standardise(dogs, &mean));
    let (cat_c, dog_c) = (centroid(&cats), centroid(&dogs));
    let mut per_class = Vec::new();
    for (domain, is_cat) in [("drit-cat", true), ("drit-dog", false)] {
        let rows = standardise(pooled(vgg, &images(data, domain, "test", 1000), device), &mean);
        let right = rows.iter().filter(|r| (dist(r, &cat_c) < dist(r, &dog_c)) == is_cat).count();
        per_class.push(right as f64 / rows.len() as f64);
    }
    per_class.iter().sum::<f64>() / per_class.len() as f64
}

#[test]
fn with_shared_data_imagenet_vgg_separates_cats_from_dogs_far_better_than_a_random_vgg() {
    let Some(data) = common::shared_data() else { return };
    let device = Device::flex();
    for layer in [VggLayer::Relu4_1] {
        device.seed(11);
        let random = Vgg19SliceConfig::new(layer).init(&device);
        let mut imported = Vgg19SliceConfig::new(layer).init(&device);
        import_vgg(&mut imported, &common::vgg_path()).unwrap();
        let (a_imported, a_random) = (accuracy(&data, &imported, &device), accuracy(&data, &random, &device));
        println!(
            "{layer:?}: nearest-centroid balanced accuracy, ImageNet VGG {:.1} %, random VGG {:.1} %",
            100.0 * a_imported,
            100.0 * a_random
        );
        assert!(a_imported >= a_random + 0.10, "{layer:?}: imported {a_imported:.3} is not 10 points above random {a_random:.3}");
    }
}
