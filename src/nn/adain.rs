//! Adaptive instance normalisation: normalise each sample's channel over H,W, then apply a scale and a
//! shift that come from the style (the MLP) instead of learned constants.

use burn::tensor::Tensor;

use super::moments::var_mean_from;

/// Numerical floor inside the square root, as in MUNIT (PyTorch's batch_norm default).
pub const ADAIN_EPS: f64 = 1e-5;

/// `scale * (x - mean) / sqrt(var + 1e-5) + shift`, per sample and channel over H,W, with the biased
/// (population) variance. `x` is `[N, C, H, W]`; `scale` and `shift` are `[N, C]`.
pub fn adain(x: Tensor<4>, scale: Tensor<2>, shift: Tensor<2>) -> Tensor<4> {
    let [n, c, _, _] = x.dims();
    let (var, mean) = var_mean_from(x.clone(), 2, false);
    let normalised = (x - mean) / var.add_scalar(ADAIN_EPS).sqrt();
    normalised * scale.reshape([n, c, 1, 1]) + shift.reshape([n, c, 1, 1])
}
