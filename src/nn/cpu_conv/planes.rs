//! Buffers of picture planes written one plane per task, on every thread where there are several.
//!
//! The layout walks around the kernel's products (a picture onto the padded grid and back, the mirrored
//! borders, fresh zeroed buffers) ran on the one thread that every other thread waits for: on two
//! threads a third of a training step's time (`BENCHMARKS.md`). Each plane is written by one task, so
//! the values and their order do not depend on the threads, and each value is written once: a buffer
//! zeroed first is written twice, and one zeroed by the allocator is zeroed on the calling thread alone
//! once the allocator reuses memory.

use std::mem::MaybeUninit;

/// Whether to split work over rayon's threads (not when there is one; wasm never does).
#[cfg(not(target_arch = "wasm32"))]
fn parallel() -> bool {
    rayon::current_num_threads() > 1
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

/// One plane of a buffer being made, written from its start to its end: zeros, copied rows, mapped rows.
pub struct Plane<'a> {
    values: &'a mut [MaybeUninit<f32>],
    written: usize,
}

impl Plane<'_> {
    pub fn zeros(&mut self, n: usize) {
        self.values[self.written..][..n].fill(MaybeUninit::new(0.0));
        self.written += n;
    }

    pub fn copy(&mut self, row: &[f32]) {
        self.values[self.written..][..row.len()].write_copy_of_slice(row);
        self.written += row.len();
    }

    pub fn extend(&mut self, values: impl Iterator<Item = f32>) {
        for v in values {
            self.values[self.written].write(v);
            self.written += 1;
        }
    }

    pub fn map(&mut self, row: &[f32], f: impl Fn(f32) -> f32) {
        for (slot, &v) in self.values[self.written..][..row.len()].iter_mut().zip(row) {
            slot.write(f(v));
        }
        self.written += row.len();
    }
}

/// `len` values: `planes` planes of `plane` values, each written whole by `write` (given the plane's
/// index) and then handed to `then`, and zeros after them.
pub fn filled(
    len: usize,
    plane: usize,
    planes: usize,
    write: impl Fn(usize, &mut Plane) + Sync + Send,
    then: impl Fn(&mut [f32]) + Sync + Send,
) -> Vec<f32> {
    assert!(plane > 0 && plane * planes <= len);
    let mut buffer = Vec::<f32>::with_capacity(len);
    let (body, tail) = buffer.spare_capacity_mut()[..len].split_at_mut(plane * planes);
    for_each_plane(body, plane, |i, values| {
        let mut p = Plane { values, written: 0 };
        write(i, &mut p);
        assert_eq!(p.written, plane, "plane {i} written in part");
        // SAFETY: every value of the plane was written (the assert above), and f32 has no invalid values.
        then(unsafe { &mut *(p.values as *mut [MaybeUninit<f32>] as *mut [f32]) });
    });
    tail.fill(MaybeUninit::new(0.0));
    // SAFETY: the planes (each written whole, as asserted) and the tail cover the first `len` values.
    unsafe { buffer.set_len(len) };
    buffer
}

/// `len` zeros, written by every thread.
pub fn zeros(len: usize) -> Vec<f32> {
    // Planes of 16 Ki values: small enough to spread, large enough that a task is worth its cost.
    const CHUNK: usize = 1 << 14;
    filled(len, CHUNK, len / CHUNK, |_, p| p.zeros(CHUNK), |_| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plane_is_written_once_and_the_rest_is_zero() {
        let write = |i: usize, p: &mut Plane| {
            p.copy(&[i as f32 * 10.0]);
            p.zeros(1);
            p.map(&[1.0], |v| v + i as f32);
        };
        let buffer = filled(10, 3, 3, write, |plane| plane[1] = -1.0);
        assert_eq!(buffer, [0.0, -1.0, 1.0, 10.0, -1.0, 2.0, 20.0, -1.0, 3.0, 0.0]);
        assert_eq!(zeros(40_000), vec![0.0; 40_000]);
        assert!(zeros(0).is_empty());
    }

    #[test]
    #[should_panic(expected = "written in part")]
    fn a_plane_written_in_part_is_refused() {
        filled(4, 2, 2, |_, p| p.zeros(1), |_| {});
    }
}
