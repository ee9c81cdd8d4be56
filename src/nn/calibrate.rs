//! Data-dependent initialisation of the BatchNorm statistics. A fresh network's running statistics
//! are mean 0 / variance 1, while VGG features are in the hundreds: the style code of an untrained
//! model is then dominated by that mismatch and the seed's noise is lost in it. One training-mode pass
//! over a few real photos sets every running mean/variance to the batch's, so an untrained model
//! (from `ace init`, or the trainer's step 0) already responds to its style code.

use burn::module::Module;
use burn::nn::BatchNorm;
use burn::tensor::{Device, Tensor};

use super::Ace;

fn batch_norms(model: &mut Ace) -> Vec<&mut BatchNorm> {
    let mut norms: Vec<&mut BatchNorm> = vec![&mut model.content_encoder.input_norm];
    for block in &mut model.content_encoder.blocks {
        norms.push(&mut block.norm1);
        norms.push(&mut block.norm2);
    }
    norms.push(&mut model.predictor.norm);
    norms.push(&mut model.style_encoder.norm);
    norms
}

fn set_momentum(model: &mut Ace, momentum: f64) {
    for norm in batch_norms(model) {
        norm.momentum = momentum;
    }
}

/// Sets every BatchNorm's running statistics to those of `images` (RGB in [-1, 1], `[N, 3, H, W]`,
/// N >= 2). Returns the model on `device` (plain, not autodiff), otherwise unchanged.
pub fn calibrate_batch_norm(model: Ace, images: Tensor<4>, device: &Device) -> Ace {
    let training_device = device.clone().autodiff();
    let mut model = model.fork(&training_device);
    let momentum = model.style_encoder.norm.momentum;
    // Momentum 1 replaces the running statistics with this batch's in one pass.
    set_momentum(&mut model, 1.0);
    let images = images.autodiff();
    let features = model.features(images).detach();
    let content = model.content_code(features.clone());
    let _ = model.decoder_input(content);
    let _ = model.style_encoder.encode(features);
    set_momentum(&mut model, momentum);
    // burn's RunningState keeps an update pending until synchronised; `value()` (used by inference)
    // would still return the old statistics.
    for norm in batch_norms(&mut model) {
        norm.running_mean.value_sync();
        norm.running_var.value_sync();
    }
    model.valid().to_device(device)
}
