//! Pictures through the independent classifier: each picture's 1280-d EfficientNet-Lite0 features (the
//! space KID, Fréchet distance and diversity are measured in) and its top ImageNet class.

use anyhow::Result;
use burn::tensor::{Device, Tensor, TensorData};
use image::RgbImage;
use image::imageops::{FilterType, resize};

use super::efficientnet::{EfficientNetLite0, SIDE};

/// ImageNet ids of the domains the evaluation knows (docs/evaluation.md).
pub const CATS: std::ops::RangeInclusive<usize> = 281..=285;
pub const DOGS: std::ops::RangeInclusive<usize> = 151..=268;

/// How many pictures go through the network at once (memory stays small; throughput is flat beyond).
const BATCH: usize = 16;

pub struct Classified {
    pub features: Vec<Vec<f32>>,
    pub classes: Vec<usize>,
}

impl Classified {
    /// The first `n` pictures' verdicts, taken out.
    pub fn split_front(&mut self, n: usize) -> Classified {
        Classified { features: self.features.drain(..n).collect(), classes: self.classes.drain(..n).collect() }
    }

    pub fn extend(&mut self, other: Classified) {
        self.features.extend(other.features);
        self.classes.extend(other.classes);
    }
}

/// Words for an ImageNet id in the report: the domain it counts for, and the id.
pub fn describe(class: usize) -> String {
    if CATS.contains(&class) {
        format!("cat ({class})")
    } else if DOGS.contains(&class) {
        format!("dog ({class})")
    } else {
        format!("other ({class})")
    }
}

/// Classifies pictures of any size (each squashed to 224x224, as the classifier was trained).
pub fn classify(model: &EfficientNetLite0, pictures: &[&RgbImage], device: &Device) -> Result<Classified> {
    let mut all = Classified { features: Vec::new(), classes: Vec::new() };
    for chunk in pictures.chunks(BATCH) {
        let mut data = Vec::with_capacity(chunk.len() * 3 * SIDE * SIDE);
        for picture in chunk {
            let square = resize(*picture, SIDE as u32, SIDE as u32, FilterType::Triangle);
            data.extend(ace::pipeline::to_chw(&square));
        }
        let input = Tensor::<4>::from_data(TensorData::new(data, [chunk.len(), 3, SIDE, SIDE]), device);
        let (features, logits) = model.forward(input);
        let d = features.dims()[1];
        let features: Vec<f32> = features.into_data().try_into_vec::<f32>().map_err(|e| anyhow::anyhow!("reading features: {e:?}"))?;
        let classes: Vec<i64> =
            logits.argmax(1).into_data().convert::<i64>().try_into_vec::<i64>().map_err(|e| anyhow::anyhow!("reading classes: {e:?}"))?;
        all.features.extend(features.chunks(d).map(<[f32]>::to_vec));
        all.classes.extend(classes.into_iter().map(|c| c as usize));
    }
    Ok(all)
}
