//! Means and variances over an image's pixels, taken one axis at a time: across each row first, then
//! down the column of row means (then across channels, where asked). Every row of a tensor has the same
//! length, so this is the same mean as one reduction over all the pixels, in another order of sums.
//!
//! Why not one reduction: burn's unfused GPU kernels give each output value to one thread, which loops
//! over everything it reduces, and Mesa's llvmpipe ends any shader after 65,535 loop iterations without
//! a word (`LP_MAX_TGSI_LOOP_ITERATIONS`): a LayerNorm over a 192 px decoder map read only its first
//! 262,128 values there (`docs/gpu-correctness.md`). A row, a column or a channel count stays far below
//! that limit at any size this library accepts, and short loops are also what a real GPU runs well.

use burn::tensor::Tensor;

/// The mean over dims `first..4` of `[N, C, H, W]`, those dims kept at size 1.
pub fn mean_from(x: Tensor<4>, first: usize) -> Tensor<4> {
    (first..4).rev().fold(x, |x, dim| x.mean_dim(dim))
}

/// The variance (biased: divided by the count; unbiased: by the count - 1) and the mean over dims
/// `first..4` of `[N, C, H, W]`, both with those dims kept at size 1.
pub fn var_mean_from(x: Tensor<4>, first: usize, unbiased: bool) -> (Tensor<4>, Tensor<4>) {
    let count: usize = x.dims()[first..].iter().product();
    let mean = mean_from(x.clone(), first);
    let centred = x - mean.clone();
    let biased = mean_from(centred.clone() * centred, first);
    let var = if unbiased && count > 1 { biased.mul_scalar(count as f64 / (count - 1) as f64) } else { biased };
    (var, mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, Distribution};

    /// The staged moments equal burn's one-pass `var_mean` / `var_mean_bias` over the same values.
    #[test]
    fn staged_moments_equal_one_reduction_over_all_the_values() {
        let device = Device::flex();
        let x = Tensor::<4>::random([2, 3, 5, 7], Distribution::Normal(1.0, 2.0), &device);
        let close = |a: Tensor<4>, b: Tensor<4>| {
            let (a, b): (Vec<f32>, Vec<f32>) = (a.to_data().try_to_vec().unwrap(), b.to_data().try_to_vec().unwrap());
            assert_eq!(a.len(), b.len());
            for (a, b) in a.iter().zip(&b) {
                assert!((a - b).abs() <= 1e-5 * b.abs().max(1.0), "{a} != {b}");
            }
        };
        let (var, mean) = var_mean_from(x.clone(), 1, true);
        let (var_one, mean_one) = x.clone().reshape([2, 105]).var_mean(1);
        close(var, var_one.reshape([2, 1, 1, 1]));
        close(mean, mean_one.reshape([2, 1, 1, 1]));
        let (var, mean) = var_mean_from(x.clone(), 2, false);
        let (var_one, mean_one) = x.reshape([2, 3, 35]).var_mean_bias(2);
        close(var, var_one.reshape([2, 3, 1, 1]));
        close(mean, mean_one.reshape([2, 3, 1, 1]));
    }
}
