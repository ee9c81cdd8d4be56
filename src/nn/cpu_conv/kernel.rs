//! A stride-1 convolution as one matrix product per kernel tap, with no im2col buffer.
//!
//! The input is copied once into a zero-padded, channel-major buffer `[channels, batch * padded plane]`.
//! For tap `(ky, kx)`, the columns `j + ky * padded_w + kx` of that buffer are, for every output position
//! `j` counted on the padded grid, the input pixel the tap reads: a strided view that gemm packs
//! directly. The output is computed on the padded grid too (the columns and rows past the true output
//! are thrown away), so each tap is one gemm over the whole batch: `out += W_tap x X_shifted`.
//! The gradients use the same views: the input gradient scatters `W_tap^T x dY` back through the
//! shifts, the weight gradient is `dY x X_shifted^T` per tap. Every buffer is written once; burn-flex's
//! path builds an im2col copy nine times the input, then a second packed copy inside gemm.
//!
//! With few input channels (an RGB picture's first convolution) a product per tap would be three
//! rows deep, too thin for gemm; there the shifted rows are stacked into one matrix of
//! `channels_in * kernel^2` rows (an im2col of the padded grid, small at that depth) and multiplied once.

// The gradients serve autodiff builds only (the browser's has none).
#![cfg_attr(not(feature = "autodiff"), allow(dead_code))]

use super::planes;

/// Below this many input channels the taps are stacked (see the top of this file).
const STACK_BELOW: usize = 16;

/// The shape of one convolution: `[batch, channels_in, height, width]` in, `[channels_out, channels_in,
/// kernel, kernel]` weights, stride 1, dilation 1, one group, `pad` pixels on every side: zeros, or the
/// picture mirrored at its edges (`reflect`, the edge itself not repeated; `pad` below both sides).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvShape {
    pub batch: usize,
    pub channels_in: usize,
    pub height: usize,
    pub width: usize,
    pub channels_out: usize,
    pub kernel: usize,
    pub pad: usize,
    pub reflect: bool,
}

impl ConvShape {
    fn padded_h(&self) -> usize {
        self.height + 2 * self.pad
    }
    fn padded_w(&self) -> usize {
        self.width + 2 * self.pad
    }
    pub fn out_h(&self) -> usize {
        self.padded_h() + 1 - self.kernel
    }
    pub fn out_w(&self) -> usize {
        self.padded_w() + 1 - self.kernel
    }
    /// Columns of the padded grid over the whole batch: the `n` of every tap's product.
    fn grid(&self) -> usize {
        self.batch * self.padded_h() * self.padded_w()
    }
    /// Past the last column, the farthest tap reads `(k - 1) * (padded_w + 1)` more values (for junk
    /// output positions only); the buffers carry that many zeros so the reads stay inside.
    fn slack(&self) -> usize {
        (self.kernel - 1) * (self.padded_w() + 1)
    }
    /// Values of the input on its grid, slack included: what [`forward`] and [`grad_weight`] read.
    pub fn input_grid_len(&self) -> usize {
        self.channels_in * self.grid() + self.slack()
    }
    fn tap_offset(&self, ky: usize, kx: usize) -> usize {
        ky * self.padded_w() + kx
    }
    /// Whether the taps are stacked into one product (few input channels) rather than one each.
    fn stacked(&self) -> bool {
        self.channels_in < STACK_BELOW
    }
    /// Rows of the stacked matrix: one per input channel and tap, in the weights' own order.
    fn stack_rows(&self) -> usize {
        self.channels_in * self.kernel * self.kernel
    }
    pub fn input_len(&self) -> usize {
        self.batch * self.channels_in * self.height * self.width
    }
    pub fn weight_len(&self) -> usize {
        self.channels_out * self.channels_in * self.kernel * self.kernel
    }
    pub fn output_len(&self) -> usize {
        self.batch * self.channels_out * self.out_h() * self.out_w()
    }
}

/// Column ranges, one per thread: each thread runs its own single-threaded products over its columns.
/// (gemm's own threads split its output into blocks too, but for these long, thin products two
/// threads ran no faster than one.)
fn column_chunks(n: usize) -> Vec<std::ops::Range<usize>> {
    #[cfg(not(target_arch = "wasm32"))]
    let threads = rayon::current_num_threads().max(1);
    #[cfg(target_arch = "wasm32")]
    let threads = 1;
    // Multiples of 64 columns keep gemm's blocks whole.
    let step = n.div_ceil(threads).div_ceil(64) * 64;
    (0..n).step_by(step.max(64)).map(|a| a..(a + step).min(n)).collect()
}

/// Runs `work` over the chunks, in parallel where there are threads.
fn for_each_chunk(chunks: Vec<std::ops::Range<usize>>, work: impl Fn(std::ops::Range<usize>) + Sync + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        chunks.into_par_iter().for_each(work);
    }
    #[cfg(target_arch = "wasm32")]
    chunks.into_iter().for_each(work);
}

/// A matrix inside a buffer: its first element and its strides (row, column).
#[derive(Clone, Copy)]
struct View {
    at: usize,
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl View {
    fn last(&self) -> usize {
        self.at + (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride
    }
}

/// A buffer written by several threads at once, each in columns no other thread touches.
#[derive(Clone, Copy)]
struct Shared(*mut f32, usize);
// SAFETY: every user writes disjoint elements (the column chunks of `column_chunks`).
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

/// `dst (+)= lhs x rhs` on one thread.
fn product(dst: Shared, d: View, accumulate: bool, lhs: &[f32], l: View, rhs: &[f32], r: View) {
    assert!(d.rows == l.rows && d.cols == r.cols && l.cols == r.rows);
    assert!(d.last() < dst.1 && l.last() < lhs.len() && r.last() < rhs.len());
    // SAFETY: the asserts keep every element gemm reads or writes inside its buffer; callers give
    // each thread its own columns of `dst`, which no input aliases.
    unsafe {
        gemm::gemm(
            d.rows,
            d.cols,
            l.cols,
            dst.0.add(d.at),
            d.col_stride as isize,
            d.row_stride as isize,
            accumulate,
            lhs.as_ptr().add(l.at),
            l.col_stride as isize,
            l.row_stride as isize,
            rhs.as_ptr().add(r.at),
            r.col_stride as isize,
            r.row_stride as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

fn shared(buffer: &mut [f32]) -> Shared {
    Shared(buffer.as_mut_ptr(), buffer.len())
}

/// `[batch, channels, h, w]` -> `[channels, batch, padded grid]`, each picture written from row and
/// column `at` of its plane, zeros elsewhere, plus slack: the layout every product reads. `border`
/// then fills each plane's border (the mirrored picture), while the plane is in cache.
fn to_grid(
    values: &[f32],
    s: &ConvShape,
    channels: usize,
    (h, w): (usize, usize),
    at: usize,
    border: impl Fn(&mut [f32]) + Sync + Send,
) -> Vec<f32> {
    let (ph, pw) = (s.padded_h(), s.padded_w());
    let write = |i: usize, plane: &mut planes::Plane| {
        let (c, b) = (i / s.batch, i % s.batch);
        plane.zeros(at * pw);
        for row in values[(b * channels + c) * h * w..][..h * w].chunks_exact(w) {
            plane.zeros(at);
            plane.copy(row);
            plane.zeros(pw - at - w);
        }
        plane.zeros((ph - at - h) * pw);
    };
    planes::filled(channels * s.grid() + s.slack(), ph * pw, channels * s.batch, write, border)
}

/// The input on the padded grid, with its padding (zeros, or the picture mirrored at its edges): what
/// [`forward`] reads.
pub fn padded_input(x: &[f32], s: &ConvShape) -> Vec<f32> {
    assert_eq!(x.len(), s.input_len());
    let reflect = s.reflect && s.pad > 0;
    to_grid(x, s, s.channels_in, (s.height, s.width), s.pad, |plane| {
        if reflect {
            mirror(plane, (s.height, s.width), s.pad);
        }
    })
}

/// Fills a padded plane's border with the picture mirrored at its edges: first the side columns of the
/// picture's rows, then whole rows above and below.
fn mirror(plane: &mut [f32], (h, w): (usize, usize), pad: usize) {
    let pw = w + 2 * pad;
    for row in plane.chunks_exact_mut(pw).skip(pad).take(h) {
        for i in 0..pad {
            row[pad - 1 - i] = row[pad + 1 + i];
            row[pad + w + i] = row[pad + w - 2 - i];
        }
    }
    for i in 0..pad {
        plane.copy_within((pad + 1 + i) * pw..(pad + 2 + i) * pw, (pad - 1 - i) * pw);
        plane.copy_within((pad + h - 2 - i) * pw..(pad + h - 1 - i) * pw, (pad + h + i) * pw);
    }
}

/// The adjoint of `mirror`: each border value's gradient added to the picture pixel it copied, rows
/// first (they were filled last), then the side columns.
fn fold_mirror(plane: &mut [f32], (h, w): (usize, usize), pad: usize) {
    let pw = w + 2 * pad;
    let add_row = |plane: &mut [f32], from: usize, to: usize| {
        for x in 0..pw {
            plane[to * pw + x] += plane[from * pw + x];
        }
    };
    for i in (0..pad).rev() {
        add_row(plane, pad + h + i, pad + h - 2 - i);
        add_row(plane, pad - 1 - i, pad + 1 + i);
    }
    for row in plane.chunks_exact_mut(pw).skip(pad).take(h) {
        for i in (0..pad).rev() {
            row[pad + w - 2 - i] += row[pad + w + i];
            row[pad + 1 + i] += row[pad - 1 - i];
        }
    }
}

/// The input gradient on the padded grid back to `[batch, channels_in, height, width]`: with reflection,
/// the border's gradients first go to the pixels they mirrored.
fn input_grad_from_grid(mut dx: Vec<f32>, s: &ConvShape) -> Vec<f32> {
    if s.reflect && s.pad > 0 {
        let plane = s.padded_h() * s.padded_w();
        planes::for_each_plane(&mut dx[..s.channels_in * s.grid()], plane, |_, p| fold_mirror(p, (s.height, s.width), s.pad));
    }
    from_padded_grid(&dx, s, s.channels_in, (s.height, s.width), s.pad, None)
}

/// Leaky ReLU with `slope` below zero; slope 1 is the identity, bit for bit.
fn leaky(z: f32, slope: f32) -> f32 {
    if z < 0.0 { z * slope } else { z }
}

/// The inverse walk: the `[channels, batch, grid]` rows `0..h`, columns `0..w` (after `skip` rows and
/// columns) back to `[batch, channels, h, w]`, each channel's bias added and then leaky ReLU with the
/// given slope applied on the way (`bias`: the biases and the slope, 1 for none).
fn from_padded_grid(grid: &[f32], s: &ConvShape, channels: usize, (h, w): (usize, usize), skip: usize, bias: Option<(&[f32], f32)>) -> Vec<f32> {
    let pw = s.padded_w();
    let plane = s.padded_h() * pw;
    let write = |i: usize, out: &mut planes::Plane| {
        let (b, c) = (i / channels, i % channels);
        let src = &grid[(c * s.batch + b) * plane..][..plane];
        for y in 0..h {
            let row = &src[(y + skip) * pw + skip..][..w];
            match bias {
                Some((bias, slope)) => out.map(row, |v| leaky(v + bias[c], slope)),
                None => out.copy(row),
            }
        }
    };
    planes::filled(s.batch * channels * h * w, h * w, s.batch * channels, write, |_| {})
}

/// Row `c * k^2 + tap` is channel `c` of the padded grid shifted by the tap: `[c_in * k^2, grid]`.
fn stack_taps(input: &[f32], s: &ConvShape) -> Vec<f32> {
    let (k, n) = (s.kernel, s.grid());
    let mut stack = Vec::with_capacity(s.stack_rows() * n);
    for row in 0..s.stack_rows() {
        let (c, tap) = (row / (k * k), row % (k * k));
        stack.extend_from_slice(&input[c * n + s.tap_offset(tap / k, tap % k)..][..n]);
    }
    stack
}

/// The convolution of an input already on its grid ([`padded_input`]), plus `bias`, through leaky ReLU
/// with `slope` (1 for none): `[batch, channels_out, out_h, out_w]`. The grid is freed before the
/// output is laid out, so at most two maps of this convolution are alive at once (with the caller's
/// input let go too: a translation's peak is at VGG's first convolutions, where each map is 64 values
/// a pixel). The activation rides on the output's walk, on every thread, instead of three more passes
/// over the map on one (burn-flex's leaky ReLU: a comparison, a product, a selection).
pub fn forward(input: Vec<f32>, weight: &[f32], bias: &[f32], slope: f32, s: &ConvShape) -> Vec<f32> {
    assert_eq!((input.len(), weight.len()), (s.input_grid_len(), s.weight_len()));
    let (ci, co, k, n) = (s.channels_in, s.channels_out, s.kernel, s.grid());
    let mut out = planes::zeros(co * n);
    let dst = shared(&mut out);
    if s.stacked() {
        let (stack, rows) = (stack_taps(&input, s), s.stack_rows());
        for_each_chunk(column_chunks(n), |cols| {
            let d = View { at: cols.start, rows: co, cols: cols.len(), row_stride: n, col_stride: 1 };
            let l = View { at: 0, rows: co, cols: rows, row_stride: rows, col_stride: 1 };
            let r = View { at: cols.start, rows, cols: cols.len(), row_stride: n, col_stride: 1 };
            product(dst, d, false, weight, l, &stack, r);
        });
    } else {
        for_each_chunk(column_chunks(n), |cols| {
        let width = cols.len();
        for ky in 0..k {
            for kx in 0..k {
                let tap = ky * k + kx;
                let d = View { at: cols.start, rows: co, cols: width, row_stride: n, col_stride: 1 };
                let l = View { at: tap, rows: co, cols: ci, row_stride: ci * k * k, col_stride: k * k };
                let r = View { at: cols.start + s.tap_offset(ky, kx), rows: ci, cols: width, row_stride: n, col_stride: 1 };
                product(dst, d, tap > 0, weight, l, &input, r);
            }
        }
        });
    }
    drop(input);
    from_padded_grid(&out, s, co, (s.out_h(), s.out_w()), 0, Some((bias, slope)))
}

/// The gradient through leaky ReLU with `slope` after this convolution, from its output (whose sign
/// is its input's): `dY` where the output is not negative, `slope * dY` where it is, as burn's own leaky
/// ReLU computes it; one output plane per task.
pub fn leaky_grad(grad_out: &[f32], out: &[f32], slope: f32, s: &ConvShape) -> Vec<f32> {
    assert_eq!((grad_out.len(), out.len()), (s.output_len(), s.output_len()));
    let plane = s.out_h() * s.out_w();
    let write = |i: usize, p: &mut planes::Plane| {
        let (dy, y) = (&grad_out[i * plane..][..plane], &out[i * plane..][..plane]);
        p.extend(dy.iter().zip(y).map(|(&g, &v)| if v < 0.0 { g * slope } else { g }));
    };
    planes::filled(s.output_len(), plane, s.batch * s.channels_out, write, |_| {})
}

/// `dY` on the padded grid (zeros where no output is), the layout both gradients read: output `(y, x)`
/// at column `y * padded_w + x`, where the forward pass computed it.
fn grad_on_grid(grad_out: &[f32], s: &ConvShape) -> Vec<f32> {
    to_grid(grad_out, s, s.channels_out, (s.out_h(), s.out_w()), 0, |_| {})
}

/// The gradient with respect to the input, `[batch, channels_in, height, width]`.
pub fn grad_input(grad_out: &[f32], weight: &[f32], s: &ConvShape) -> Vec<f32> {
    assert_eq!((grad_out.len(), weight.len()), (s.output_len(), s.weight_len()));
    let (ci, co, k, n) = (s.channels_in, s.channels_out, s.kernel, s.grid());
    let dy = grad_on_grid(grad_out, s);
    if s.stacked() {
        return grad_input_stacked(&dy, weight, s);
    }
    // Input column `j` gathers `W_tap^T x dY[j - offset]` over the taps whose offset it passes.
    let mut dx = planes::zeros(ci * n);
    let dst = shared(&mut dx);
    for_each_chunk(column_chunks(n), |cols| {
        let mut written = false;
        for ky in 0..k {
            for kx in 0..k {
                let (tap, offset) = (ky * k + kx, s.tap_offset(ky, kx));
                let first = cols.start.max(offset);
                if first >= cols.end {
                    continue;
                }
                let width = cols.end - first;
                let d = View { at: first, rows: ci, cols: width, row_stride: n, col_stride: 1 };
                let l = View { at: tap, rows: ci, cols: co, row_stride: k * k, col_stride: ci * k * k };
                let r = View { at: first - offset, rows: co, cols: width, row_stride: n, col_stride: 1 };
                product(dst, d, written, weight, l, &dy, r);
                written |= first == cols.start;
            }
        }
    });
    input_grad_from_grid(dx, s)
}

/// The input gradient through the stacked matrix: `W^T x dY` in one product, then each row added back
/// at its tap's shift (columns pushed past the grid carry only the zeros of `dY`'s unused columns).
fn grad_input_stacked(dy: &[f32], weight: &[f32], s: &ConvShape) -> Vec<f32> {
    let (ci, co, k, n, rows) = (s.channels_in, s.channels_out, s.kernel, s.grid(), s.stack_rows());
    let mut stack = planes::zeros(rows * n);
    let dst = shared(&mut stack);
    for_each_chunk(column_chunks(n), |cols| {
        let d = View { at: cols.start, rows, cols: cols.len(), row_stride: n, col_stride: 1 };
        let l = View { at: 0, rows, cols: co, row_stride: 1, col_stride: rows };
        let r = View { at: cols.start, rows: co, cols: cols.len(), row_stride: n, col_stride: 1 };
        product(dst, d, false, weight, l, dy, r);
    });
    let mut dx = planes::zeros(ci * n);
    for (row, src) in stack.chunks_exact(n).enumerate() {
        let (c, tap) = (row / (k * k), row % (k * k));
        let offset = s.tap_offset(tap / k, tap % k);
        let plane = &mut dx[c * n + offset..(c + 1) * n];
        plane.iter_mut().zip(src).for_each(|(a, b)| *a += b);
    }
    input_grad_from_grid(dx, s)
}

/// The gradient with respect to the weights, `[channels_out, channels_in, kernel, kernel]`, from the
/// input on its grid ([`padded_input`]): each thread sums its share of the grid, then the shares are added.
pub fn grad_weight(input: &[f32], grad_out: &[f32], s: &ConvShape) -> Vec<f32> {
    assert_eq!((input.len(), grad_out.len()), (s.input_grid_len(), s.output_len()));
    let (ci, co, k, n) = (s.channels_in, s.channels_out, s.kernel, s.grid());
    let dy = grad_on_grid(grad_out, s);
    let chunks = column_chunks(n);
    let mut shares = vec![0.0; chunks.len() * s.weight_len()];
    let dst = shared(&mut shares);
    let share_len = s.weight_len();
    let indexed: Vec<_> = chunks.into_iter().enumerate().map(|(i, c)| i * n + c.start..i * n + c.end).collect();
    let stack = s.stacked().then(|| stack_taps(&input, s));
    for_each_chunk(indexed, |coded| {
        let (share, cols) = (coded.start / n, coded.start % n..coded.start % n + coded.len());
        if let Some(stack) = &stack {
            let rows = s.stack_rows();
            let d = View { at: share * share_len, rows: co, cols: rows, row_stride: rows, col_stride: 1 };
            let l = View { at: cols.start, rows: co, cols: cols.len(), row_stride: n, col_stride: 1 };
            let r = View { at: cols.start, rows: cols.len(), cols: rows, row_stride: 1, col_stride: n };
            product(dst, d, false, &dy, l, stack, r);
            return;
        }
        for ky in 0..k {
            for kx in 0..k {
                let tap = ky * k + kx;
                let d = View { at: share * share_len + tap, rows: co, cols: ci, row_stride: ci * k * k, col_stride: k * k };
                let l = View { at: cols.start, rows: co, cols: cols.len(), row_stride: n, col_stride: 1 };
                let r = View { at: cols.start + s.tap_offset(ky, kx), rows: cols.len(), cols: ci, row_stride: 1, col_stride: n };
                product(dst, d, false, &dy, l, &input, r);
            }
        }
    });
    let mut dw = shares[..share_len].to_vec();
    for share in shares[share_len..].chunks_exact(share_len) {
        dw.iter_mut().zip(share).for_each(|(a, b)| *a += b);
    }
    dw
}

/// The gradient with respect to the bias: `dY` summed over positions, then over the batch in order; one
/// channel per task.
pub fn grad_bias(grad_out: &[f32], s: &ConvShape) -> Vec<f32> {
    let (plane, co) = (s.out_h() * s.out_w(), s.channels_out);
    let sum = |c: usize, out: &mut planes::Plane| {
        let pictures = (0..s.batch).map(|b| grad_out[(b * co + c) * plane..][..plane].iter().sum::<f32>());
        out.extend(std::iter::once(pictures.fold(0.0, |total, v| total + v)));
    };
    planes::filled(co, 1, co, sum, |_| {})
}
