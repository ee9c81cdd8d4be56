//! burn-flex's convolution spends more time building and copying im2col buffers than multiplying
//! (BENCHMARKS.md, "Where a training step goes"), and its backward pass more still. The networks'
//! convolutions run here instead on the CPU backend: `kernel` is the arithmetic (stride 1), `strided`
//! turns a strided convolution into the stride-1 one it equals, `extension` plugs them into burn (with
//! its own backward pass under autodiff), and [`conv2d`] and [`conv2d_weights`] pick it or burn's own
//! convolution for each call. Other backends (wgpu, WebGPU) always get burn's.

#[cfg(feature = "flex")]
mod extension;
#[cfg(feature = "flex")]
mod kernel;
#[cfg(feature = "flex")]
mod planes;
#[cfg(feature = "flex")]
mod strided;

use burn::nn::conv::Conv2d;
use burn::tensor::Tensor;
use burn::tensor::module::conv2d as burn_conv2d;
use burn::tensor::ops::ConvOptions;

/// The products run over the padded grid, so padding costs work: at a 8x8 picture with one pixel of
/// padding 36 % of it is thrown away, and there the two paths are about even.
#[cfg(feature = "flex")]
const MIN_USEFUL_SHARE: f64 = 0.6;

/// `ACE_CPU_CONV=burn` in the environment turns this module's kernel off: burn's convolution runs
/// everywhere, for a side-by-side measurement in one binary, or as a way around a fault.
#[cfg(feature = "flex")]
fn enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var("ACE_CPU_CONV").map_or(true, |v| v != "burn"))
}

/// `conv.forward(x)`, through the kernel of this module where it applies and pays.
pub fn conv2d(conv: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    #[cfg(feature = "flex")]
    if let (Some(pad), Some(bias)) = (own_padding(conv).and_then(|pad| applies(conv, &x, pad)), &conv.bias) {
        return extension::conv2d(x, conv.weight.val(), bias.val(), pad, false, 1, 1.0);
    }
    conv.forward(x)
}

/// `burn::tensor::module::conv2d` of `x` with a computed `weight` (`[out, in, k, k]`, e.g. a spectrally
/// normalised one), at square `stride` with `pad` zeros on every side, then leaky ReLU with the given
/// slope if any: through this module's kernel where it applies and pays (the discriminators' 4x4
/// stride-2 convolutions among them), the activation on the kernel's output walk.
pub fn conv2d_weights(x: Tensor<4>, weight: Tensor<4>, bias: Tensor<1>, stride: usize, pad: usize, leaky: Option<f32>) -> Tensor<4> {
    #[cfg(feature = "flex")]
    if applies_to(&weight, &x, stride, pad, false).is_some() {
        return extension::conv2d(x, weight, bias, pad, false, stride, leaky.unwrap_or(1.0));
    }
    let y = burn_conv2d(x, weight, Some(bias), ConvOptions::new([stride; 2], [pad; 2], [1, 1], 1));
    match leaky {
        Some(slope) => burn::tensor::activation::leaky_relu(y, slope as f64),
        None => y,
    }
}

/// `conv` (without padding of its own) over `x` mirrored by `pad` pixels at its edges: the kernel pads
/// while it lays the input out, where it applies; elsewhere burn's reflection pad, then `conv`.
/// Reflection needs each side of `x` to exceed `pad`.
pub fn reflect_conv2d(conv: &Conv2d, x: Tensor<4>, pad: usize) -> Tensor<4> {
    #[cfg(feature = "flex")]
    if let (Some(0), Some(pad), Some(bias)) = (own_padding(conv), applies(conv, &x, pad), &conv.bias) {
        return extension::conv2d(x, conv.weight.val(), bias.val(), pad, true, 1, 1.0);
    }
    let x = if pad > 0 { x.pad([(pad, pad), (pad, pad)], burn::tensor::ops::PadMode::Reflect) } else { x };
    conv2d(conv, x)
}

/// The convolution's own zero padding, when it is the same on every side.
#[cfg(feature = "flex")]
fn own_padding(conv: &Conv2d) -> Option<usize> {
    use burn::nn::PaddingConfig2d;
    match conv.padding {
        PaddingConfig2d::Valid => Some(0),
        PaddingConfig2d::Explicit(top, left, bottom, right) if top == left && top == bottom && top == right => Some(top),
        _ => None,
    }
}

/// `pad` again, when this module's kernel can run the convolution (stride 1) with that padding (zeros or,
/// at the call, mirrored: the same shapes) and beats burn's.
#[cfg(feature = "flex")]
fn applies(conv: &Conv2d, x: &Tensor<4>, pad: usize) -> Option<usize> {
    let plain = conv.stride == [1, 1] && conv.dilation == [1, 1] && conv.groups == 1;
    plain.then(|| applies_to(&conv.weight.val(), x, 1, pad, false)).flatten()
}

/// `pad` again, when this module's kernel can run a convolution of `weight` over `x` at `stride` with
/// that padding and beats burn's: on the CPU, in f32, a square kernel, and a grid (of the phases, when
/// strided) that is mostly output.
#[cfg(feature = "flex")]
fn applies_to(weight: &Tensor<4>, x: &Tensor<4>, stride: usize, pad: usize, reflect: bool) -> Option<usize> {
    let ([out, _, k, kx], [batch, channels_in, h, w]) = (weight.dims(), x.dims());
    if k != kx || h + 2 * pad < k || w + 2 * pad < k || pad >= h || pad >= w {
        return None;
    }
    let shape = kernel::ConvShape { batch, channels_in, height: h, width: w, channels_out: out, kernel: k, pad, reflect };
    if !strided::Strided::splits(&shape, stride) {
        return None;
    }
    let e = strided::Strided::new(shape, stride).equivalent();
    let (grid_h, grid_w) = (e.height + 2 * e.pad, e.width + 2 * e.pad);
    let useful = (e.out_h() * e.out_w()) as f64 / (grid_h * grid_w) as f64;
    let on_cpu = enabled() && x.device().inner() == burn::tensor::Device::flex();
    let f32s = x.dtype() == burn::tensor::DType::F32 && weight.dtype() == burn::tensor::DType::F32;
    (on_cpu && useful >= MIN_USEFUL_SHARE && f32s).then_some(pad)
}

#[cfg(all(test, feature = "flex", feature = "autodiff"))]
mod tests;
