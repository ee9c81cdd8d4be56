//! Buffers of picture planes written one plane per task, on every thread where there are several.
//!
//! The layout walks around the kernel's products (a picture onto the padded grid and back, the mirrored
//! borders, fresh zeroed buffers) ran on the one thread that every other thread waits for: on two
//! threads a third of a training step's time (`BENCHMARKS.md`). Each plane is written by one task, so
//! the values and their order do not depend on the threads.

use std::mem::MaybeUninit;

/// Whether to split work over rayon's threads (not in wasm, not when there is one thread).
fn parallel() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return rayon::current_num_threads() > 1;
    #[cfg(target_arch = "wasm32")]
    false
}

/// Runs `work` on each `plane`-long chunk of `buffer` with its index.
pub fn for_each_plane<T: Send>(buffer: &mut [T], plane: usize, work: impl Fn(usize, &mut [T]) + Sync + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    if parallel() {
        use rayon::prelude::*;
        buffer.par_chunks_mut(plane).enumerate().for_each(|(i, p)| work(i, p));
        return;
    }
    buffer.chunks_mut(plane).enumerate().for_each(|(i, p)| work(i, p));
}

/// `len` values: `planes` planes of `plane` values, each zeroed and then given to `fill` with its index,
/// and zeros after them. No value is written twice outside the plane being filled (a zeroed buffer
/// from the allocator is zeroed on the calling thread alone once the allocator reuses memory).
pub fn filled(len: usize, plane: usize, planes: usize, fill: impl Fn(usize, &mut [f32]) + Sync + Send) -> Vec<f32> {
    assert!(plane > 0 && plane * planes <= len);
    let mut buffer = Vec::<f32>::with_capacity(len);
    let (body, tail) = buffer.spare_capacity_mut()[..len].split_at_mut(plane * planes);
    for_each_plane(body, plane, |i, p| {
        p.fill(MaybeUninit::new(0.0));
        // SAFETY: every element of `p` was initialised on the line above, and f32 has no invalid values.
        fill(i, unsafe { &mut *(p as *mut [MaybeUninit<f32>] as *mut [f32]) });
    });
    tail.fill(MaybeUninit::new(0.0));
    // SAFETY: the planes and the tail cover the first `len` elements, all written above.
    unsafe { buffer.set_len(len) };
    buffer
}

/// `len` zeros, written by every thread.
pub fn zeros(len: usize) -> Vec<f32> {
    // Planes of 16 Ki values: small enough to spread, large enough that a task is worth its cost.
    const CHUNK: usize = 1 << 14;
    filled(len, CHUNK, len / CHUNK, |_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plane_is_filled_once_and_the_rest_is_zero() {
        let buffer = filled(10, 3, 3, |i, p| p.iter_mut().enumerate().for_each(|(j, v)| *v += (i * 3 + j) as f32 + 1.0));
        assert_eq!(buffer, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 0.0]);
        assert_eq!(zeros(40_000), vec![0.0; 40_000]);
        assert!(zeros(0).is_empty());
    }
}
