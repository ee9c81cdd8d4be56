//! A stride-`s` convolution as the stride-1 convolution it equals, so the kernel's products serve the
//! discriminators' 4x4 stride-2 convolutions too.
//!
//! Split the zero-padded input into its `s * s` phases (phase `(a, b)` holds the pixels at rows
//! `s * i + a`, columns `s * j + b`) and stack them as channels: a `k x k` convolution at stride `s`
//! over the input is a `k/s x k/s` convolution at stride 1 over the phases, its weight `w'[o, (c, a, b),
//! u, v] = w[o, c, s * u + a, s * v + b]`. The split is written straight onto the kernel's grid, so it
//! costs what the stride-1 layout walk costs. Stride 1 is the identity here: one path for both.

use std::borrow::Cow;

use super::kernel::{self, ConvShape};
use super::planes;

/// A convolution with zero padding at stride `stride` (`shape` gives everything else; its `pad` is
/// the zero padding of every side, and `reflect` is false when `stride` > 1).
#[derive(Clone, Copy, Debug)]
pub struct Strided {
    pub shape: ConvShape,
    pub stride: usize,
}

impl Strided {
    /// Whether the split applies: the kernel and the padded sides divide by the stride, zero padding.
    pub fn splits(shape: &ConvShape, stride: usize) -> bool {
        let s = shape;
        stride == 1
            || (stride > 1 && !s.reflect && s.kernel % stride == 0 && (s.height + 2 * s.pad) % stride == 0 && (s.width + 2 * s.pad) % stride == 0)
    }

    pub fn new(shape: ConvShape, stride: usize) -> Self {
        assert!(Self::splits(&shape, stride), "{shape:?} at stride {stride} does not split into phases");
        Self { shape, stride }
    }

    /// The stride-1 convolution over the phases (the input already padded: `pad` 0).
    pub fn equivalent(&self) -> ConvShape {
        let (s, n) = (&self.shape, self.stride);
        if n == 1 {
            return *s;
        }
        ConvShape {
            channels_in: s.channels_in * n * n,
            height: (s.height + 2 * s.pad) / n,
            width: (s.width + 2 * s.pad) / n,
            kernel: s.kernel / n,
            pad: 0,
            reflect: false,
            ..*s
        }
    }

    /// `[batch, channels_in, height, width]` onto the grid of [`Self::equivalent`], as
    /// `kernel::forward` and `kernel::grad_weight` read it.
    pub fn grid(&self, x: &[f32]) -> Vec<f32> {
        let (s, n, e) = (&self.shape, self.stride, self.equivalent());
        if n == 1 {
            return kernel::padded_input(x, s);
        }
        assert_eq!(x.len(), s.input_len());
        let (h, w, pad) = (s.height, s.width, s.pad);
        let write = |i: usize, plane: &mut planes::Plane| {
            // Grid plane `i` is channel `i / batch` of the phases, picture `i % batch`.
            let (phase_channel, b) = (i / e.batch, i % e.batch);
            let (c, a, col_phase) = (phase_channel / (n * n), phase_channel / n % n, phase_channel % n);
            let picture = &x[(b * s.channels_in + c) * h * w..][..h * w];
            // Columns `j` of the phase read picture column `n * j + col_phase - pad`, where it exists.
            let end = (w + pad).saturating_sub(col_phase).div_ceil(n).min(e.width);
            let first = pad.saturating_sub(col_phase).div_ceil(n).min(end);
            for i in 0..e.height {
                match (n * i + a).checked_sub(pad).filter(|&y| y < h) {
                    None => plane.zeros(e.width),
                    Some(y) => {
                        let row = &picture[y * w..][..w];
                        plane.zeros(first);
                        plane.extend((first..end).map(|j| row[n * j + col_phase - pad]));
                        plane.zeros(e.width - end);
                    }
                }
            }
        };
        planes::filled(e.input_grid_len(), e.height * e.width, e.channels_in * e.batch, write, |_| {})
    }

    /// The weight of [`Self::equivalent`], written in its own order, one output channel per task.
    pub fn weight<'a>(&self, weight: &'a [f32]) -> Cow<'a, [f32]> {
        let (s, n) = (&self.shape, self.stride);
        if n == 1 {
            return Cow::Borrowed(weight);
        }
        let (k, kp, per_out) = (s.kernel, s.kernel / n, s.channels_in * s.kernel * s.kernel);
        let write = |o: usize, plane: &mut planes::Plane| {
            let w = &weight[o * per_out..][..per_out];
            for (c, a, b) in (0..s.channels_in).flat_map(|c| (0..n).flat_map(move |a| (0..n).map(move |b| (c, a, b)))) {
                for u in 0..kp {
                    let row = &w[(c * k + u * n + a) * k..][..k];
                    plane.extend((0..kp).map(|v| row[v * n + b]));
                }
            }
        };
        Cow::Owned(planes::filled(weight.len(), per_out, s.channels_out, write, |_| {}))
    }

    /// The weight gradient of [`Self::equivalent`] back to the original weight's layout.
    #[cfg(feature = "autodiff")]
    pub fn weight_grad(&self, phased: Vec<f32>) -> Vec<f32> {
        let (s, n) = (&self.shape, self.stride);
        if n == 1 {
            return phased;
        }
        let (k, kp, per_out) = (s.kernel, s.kernel / n, s.channels_in * s.kernel * s.kernel);
        let write = |o: usize, plane: &mut planes::Plane| {
            let p = &phased[o * per_out..][..per_out];
            for (c, ky) in (0..s.channels_in).flat_map(|c| (0..k).map(move |ky| (c, ky))) {
                plane.extend((0..k).map(|kx| p[(((c * n + ky % n) * n + kx % n) * kp + ky / n) * kp + kx / n]));
            }
        };
        planes::filled(phased.len(), per_out, s.channels_out, write, |_| {})
    }

    /// The input gradient of [`Self::equivalent`] (`[batch, channels_in * s^2, phase h, phase w]`) back to
    /// `[batch, channels_in, height, width]`; the padding's gradient is dropped.
    #[cfg(feature = "autodiff")]
    pub fn input_grad(&self, phased: Vec<f32>) -> Vec<f32> {
        let (s, n, e) = (&self.shape, self.stride, self.equivalent());
        if n == 1 {
            return phased;
        }
        let (h, w, pad) = (s.height, s.width, s.pad);
        let write = |i: usize, plane: &mut planes::Plane| {
            let (b, c) = (i / s.channels_in, i % s.channels_in);
            for y in 0..h {
                let (a, row) = ((y + pad) % n, (y + pad) / n);
                let at = |x: usize| {
                    let phase_channel = (c * n + a) * n + (x + pad) % n;
                    ((b * e.channels_in + phase_channel) * e.height + row) * e.width + (x + pad) / n
                };
                plane.extend((0..w).map(|x| phased[at(x)]));
            }
        };
        planes::filled(s.input_len(), h * w, s.batch * s.channels_in, write, |_| {})
    }
}
