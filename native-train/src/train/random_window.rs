//! A random square window of each image (or feature map) of a batch: what a part of the network reads
//! when it should judge a part of a face although the rest of the step sees the whole crop. Offsets
//! are drawn per image from the run's seeded stream, so a run stays reproducible and resumable.

use burn::tensor::Tensor;
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;

/// A `side` x `side` window of every map of `x` (`[N, C, H, W]`), each at its own uniformly drawn
/// offset. A side that covers the whole map returns `x` as it is and draws nothing.
pub fn random_windows(x: Tensor<4>, side: usize, rng: &mut ChaCha8Rng) -> Tensor<4> {
    let [n, _, h, w] = x.dims();
    if side >= h && side >= w {
        return x;
    }
    let (side_h, side_w) = (side.min(h), side.min(w));
    let windows = (0..n)
        .map(|i| {
            let y = (rng.next_u32() as usize) % (h - side_h + 1);
            let x_offset = (rng.next_u32() as usize) % (w - side_w + 1);
            x.clone().narrow(0, i, 1).narrow(2, y, side_h).narrow(3, x_offset, side_w)
        })
        .collect();
    Tensor::cat(windows, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, Int};
    use rand_core::SeedableRng;

    #[test]
    fn each_window_is_a_square_of_its_own_image_at_every_offset() {
        let device = Device::flex();
        // Two 6 x 6 single-channel images; image 1's values are image 0's plus 100.
        let image = Tensor::<1, Int>::arange(0..36, &device).float().reshape([1, 1, 6, 6]);
        let x = Tensor::cat(vec![image.clone(), image.add_scalar(100.0)], 0);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut corners = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let windows = random_windows(x.clone(), 4, &mut rng);
            assert_eq!(windows.dims(), [2, 1, 4, 4]);
            let values = windows.into_data().to_vec::<f32>().unwrap();
            for (i, window) in values.chunks(16).enumerate() {
                // Values count up along the row (by 1) and down the column (by 6): a contiguous square.
                let corner = window[0] - (i as f32) * 100.0;
                let (y, x) = ((corner as usize) / 6, (corner as usize) % 6);
                assert!(y <= 2 && x <= 2, "the window stays inside its image");
                for (k, v) in window.iter().enumerate() {
                    assert_eq!(*v, window[0] + ((k / 4) * 6 + k % 4) as f32);
                }
                corners.insert((y, x));
            }
        }
        assert_eq!(corners.len(), 9, "every offset in 0..=2 on both axes is drawn");
    }

    #[test]
    fn a_window_as_large_as_the_map_is_the_map_and_draws_nothing() {
        let device = Device::flex();
        let x = Tensor::<1, Int>::arange(0..32, &device).float().reshape([2, 1, 4, 4]);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let same = random_windows(x.clone(), 4, &mut rng);
        assert_eq!(same.into_data(), x.into_data());
        assert_eq!(rng.next_u32(), ChaCha8Rng::seed_from_u64(3).next_u32(), "no number was drawn");
    }
}
