//! Training photos from a folder: resize the short side (to one size, or to one drawn per photo from a
//! range), random crop, horizontal flip. Batches are
//! decoded by worker threads while the previous step runs, yet arrive in a fixed order: each epoch's
//! shuffle and each photo's crop and flip come from ChaCha8 streams seeded by (seed, epoch, index),
//! never from which thread finished first. That is what makes a resumed run bit-identical.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use anyhow::{Result, bail};
use image::RgbImage;
use image::imageops::{FilterType, crop_imm, flip_horizontal, resize};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

/// Where the next batch starts: saved in checkpoints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub epoch: u64,
    pub index: usize,
}

#[derive(Clone, Debug)]
pub struct Augment {
    /// The short side is resized to this before cropping...
    pub resize: u32,
    /// ...or, when set, to a side drawn per photo uniformly from `resize..=resize_max`.
    pub resize_max: Option<u32>,
    /// Square crop side (the training resolution).
    pub crop: u32,
    pub flip: bool,
}

/// One batch: pixels `[batch, 3, crop, crop]` in [-1, 1], channel-major, and where the next begins.
pub struct Batch {
    pub pixels: Vec<f32>,
    pub size: usize,
    pub next: Position,
}

#[derive(Clone)]
pub struct PhotoFolder {
    files: Arc<Vec<PathBuf>>,
    augment: Augment,
    seed: u64,
    warned: Arc<Mutex<HashSet<PathBuf>>>,
}

fn mix(seed: u64, a: u64, b: u64) -> u64 {
    // SplitMix64-style mixing: nearby (epoch, index) pairs give unrelated streams.
    let mut z = seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl PhotoFolder {
    /// Lists every JPEG/PNG/WebP under `dir` (recursive) whose header is readable; others are skipped
    /// with one warning each. An empty result is an error.
    pub fn open(dir: &std::path::Path, augment: Augment, seed: u64) -> Result<Self> {
        let candidates = crate::photos::list_images(dir, usize::MAX)?;
        let mut files = Vec::with_capacity(candidates.len());
        for path in candidates {
            match image::image_dimensions(&path) {
                Ok((w, h)) if w > 0 && h > 0 => files.push(path),
                Ok(_) => eprintln!("warning: skipping {} (no pixels)", path.display()),
                Err(error) => eprintln!("warning: skipping {}: {error}", path.display()),
            }
        }
        if files.is_empty() {
            bail!("no readable photos in {}", dir.display());
        }
        Ok(Self { files: Arc::new(files), augment, seed, warned: Arc::default() })
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file order of an epoch (Fisher-Yates with the epoch's stream).
    fn order(&self, epoch: u64) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(mix(self.seed, epoch, u64::MAX));
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }

    /// Decodes and augments the photo at `slot` of `epoch`. A photo that fails to decode now (its
    /// header was fine) is replaced by the next one in the order, with one warning; when none decodes
    /// the run stops with an error that says so.
    fn item(&self, epoch: u64, slot: usize, order: &[usize]) -> Result<Vec<f32>> {
        let n = order.len();
        for attempt in 0..n {
            let path = &self.files[order[(slot + attempt) % n]];
            match crate::photos::read_photo(path) {
                Ok(image) => {
                    let mut rng = ChaCha8Rng::seed_from_u64(mix(self.seed, epoch, slot as u64));
                    return Ok(self.augment_image(&image, &mut rng));
                }
                Err(error) => {
                    if self.warned.lock().expect("warning set").insert(path.clone()) {
                        eprintln!("warning: skipping {}: {error:#}", path.display());
                    }
                }
            }
        }
        bail!("none of the {n} photos decodes (each was named in a warning above)");
    }

    fn augment_image(&self, image: &RgbImage, rng: &mut ChaCha8Rng) -> Vec<f32> {
        let Augment { resize: short, resize_max, crop, flip } = self.augment.clone();
        // Drawn first and only when a range is set, so a run without one crops exactly as before.
        let short = match resize_max {
            Some(max) if max > short => short + (rng.next_u64() % u64::from(max - short + 1)) as u32,
            _ => short,
        };
        let (w, h) = image.dimensions();
        let scale = short.max(crop) as f64 / w.min(h) as f64;
        let (rw, rh) = (((w as f64 * scale).round() as u32).max(crop), ((h as f64 * scale).round() as u32).max(crop));
        let resized = resize(image, rw, rh, FilterType::Triangle);
        let x = (rng.next_u64() % (rw - crop + 1) as u64) as u32;
        let y = (rng.next_u64() % (rh - crop + 1) as u64) as u32;
        let mut cropped = crop_imm(&resized, x, y, crop, crop).to_image();
        if flip && rng.next_u64() % 2 == 1 {
            cropped = flip_horizontal(&cropped);
        }
        ace::pipeline::to_chw(&cropped)
    }

    /// The batch starting at `position`, decoded on up to `threads` threads, in a fixed order.
    pub fn batch(&self, position: Position, size: usize, threads: usize) -> Result<Batch> {
        let mut slots = Vec::with_capacity(size);
        let (mut epoch, mut index) = (position.epoch, position.index);
        for _ in 0..size {
            if index >= self.files.len() {
                epoch += 1;
                index = 0;
            }
            slots.push((epoch, index));
            index += 1;
        }
        let orders: std::collections::BTreeMap<u64, Vec<usize>> = slots.iter().map(|(e, _)| (*e, self.order(*e))).collect();
        let threads = threads.clamp(1, size);
        let mut items: Vec<Option<Result<Vec<f32>>>> = (0..size).map(|_| None).collect();
        std::thread::scope(|scope| {
            let chunks: Vec<_> = items.chunks_mut(size.div_ceil(threads)).collect();
            let mut start = 0;
            for chunk in chunks {
                let len = chunk.len();
                let my_slots = &slots[start..start + len];
                let orders = &orders;
                scope.spawn(move || {
                    for (out, (epoch, slot)) in chunk.iter_mut().zip(my_slots) {
                        *out = Some(self.item(*epoch, *slot, &orders[epoch]));
                    }
                });
                start += len;
            }
        });
        let mut pixels = Vec::new();
        for item in items {
            pixels.extend(item.expect("every slot was visited")?);
        }
        Ok(Batch { pixels, size, next: Position { epoch, index } })
    }

    /// Decodes batches ahead on a background thread (two in flight), starting at `position`; a batch
    /// that cannot be made is sent as its error, and the thread ends.
    pub fn prefetch(&self, position: Position, size: usize, threads: usize) -> Receiver<Result<Batch>> {
        let (sender, receiver): (SyncSender<Result<Batch>>, Receiver<Result<Batch>>) = sync_channel(2);
        let folder = self.clone();
        std::thread::spawn(move || {
            let mut position = position;
            loop {
                let batch = folder.batch(position, size, threads);
                let failed = batch.is_err();
                if let Ok(batch) = &batch {
                    position = batch.next;
                }
                if sender.send(batch).is_err() || failed {
                    return; // the trainer is done, or has the error
                }
            }
        });
        receiver
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crop of a horizontal ramp (0 at the left edge, 255 at the right) spans 255 x crop / side in
    /// value, so each crop tells the side its photo was resized to.
    fn spans(augment: Augment, draws: u64) -> Vec<f32> {
        let ramp = RgbImage::from_fn(512, 512, |x, _| image::Rgb([(x / 2) as u8; 3]));
        let folder = PhotoFolder { files: Arc::new(vec![]), augment, seed: 0, warned: Arc::default() };
        (0..draws)
            .map(|draw| {
                let chw = folder.augment_image(&ramp, &mut ChaCha8Rng::seed_from_u64(draw));
                let row = &chw[..32]; // the red channel's first row, in [-1, 1]
                (row.iter().cloned().fold(f32::MIN, f32::max) - row.iter().cloned().fold(f32::MAX, f32::min)) * 127.5
            })
            .collect()
    }

    #[test]
    fn a_resize_range_draws_the_side_per_photo_and_none_keeps_one_side() {
        let fixed = spans(Augment { resize: 64, resize_max: None, crop: 32, flip: false }, 40);
        // At 64 px a 32 px crop spans half the ramp, whatever the draw.
        assert!(fixed.iter().all(|s| (s - 124.0).abs() < 6.0), "{fixed:?}");
        let one_side = spans(Augment { resize: 64, resize_max: Some(64), crop: 32, flip: false }, 40);
        assert_eq!(one_side, fixed, "a range of one side is that side, drawn no differently");
        let ranged = spans(Augment { resize: 64, resize_max: Some(256), crop: 32, flip: false }, 200);
        // Sides from 64 to 256: spans from about a half to an eighth of the ramp, and both ends reached.
        assert!(ranged.iter().all(|s| (25.0..130.0).contains(s)), "{ranged:?}");
        assert!(ranged.iter().any(|s| *s < 45.0) && ranged.iter().any(|s| *s > 100.0), "{ranged:?}");
    }
}
