//! An exponential moving average of the generator's trainable parameters (Karras et al. 2018; used
//! for evaluation by StarGAN v2, FUNIT and FastGAN): GAN weights oscillate from step to step, and the
//! average of the last ~1,000 steps is a better model than any one of them. Everything that does not
//! train (frozen VGG and projection, BatchNorm running statistics) is copied from the live networks
//! at every update, so the average always carries the live statistics.

use std::collections::{HashMap, HashSet};

use ace::Ace;
use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::tensor::Tensor;

pub struct Ema {
    /// The averaged generator, on the plain (non-autodiff) device.
    pub model: Ace,
    trainable: HashSet<ParamId>,
}

/// `min(0.999, (1 + t) / (10 + t))` after `t` earlier updates: short runs follow the live weights
/// closely and long ones average over about a thousand steps.
pub fn decay(t: u64) -> f32 {
    ((1.0 + t as f64) / (10.0 + t as f64)).min(0.999) as f32
}

/// The ids of the parameters that receive gradients in `live` (an autodiff module).
fn trainable_ids(live: &Ace) -> HashSet<ParamId> {
    struct Collect(HashSet<ParamId>);
    impl ModuleVisitor for Collect {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if param.val().is_require_grad() {
                self.0.insert(param.id);
            }
        }
    }
    let mut collect = Collect(HashSet::new());
    live.visit(&mut collect);
    collect.0
}

/// Every float tensor of a module by id, flattened (the mapper reshapes them back).
fn values(module: &Ace) -> HashMap<ParamId, Tensor<1>> {
    struct Collect(HashMap<ParamId, Tensor<1>>);
    impl ModuleVisitor for Collect {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let value = param.val();
            let n = value.shape().num_elements();
            self.0.insert(param.id, value.reshape([n]));
        }
    }
    let mut collect = Collect(HashMap::new());
    module.visit(&mut collect);
    collect.0
}

impl Ema {
    /// Starts the average at the live generator's values.
    pub fn new(live: &Ace) -> Self {
        Ema { model: live.valid(), trainable: trainable_ids(live) }
    }

    /// An average loaded from a checkpoint, for the live generator it belongs to.
    pub fn with_model(model: Ace, live: &Ace) -> Self {
        Ema { model, trainable: trainable_ids(live) }
    }

    /// Moves the average towards the live generator after its `t`-th update (0-based).
    pub fn update(&mut self, live: &Ace, t: u64) {
        struct Blend<'a> {
            live: HashMap<ParamId, Tensor<1>>,
            trainable: &'a HashSet<ParamId>,
            decay: f32,
        }
        impl ModuleMapper for Blend<'_> {
            fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
                let id = param.id;
                let Some(live) = self.live.remove(&id) else {
                    return param;
                };
                let decay = self.decay;
                let trainable = self.trainable.contains(&id);
                param.map(|average| {
                    let live = live.reshape(average.shape());
                    if trainable { average.mul_scalar(decay) + live.mul_scalar(1.0 - decay) } else { live }
                })
            }
        }
        let mut blend = Blend { live: values(&live.valid()), trainable: &self.trainable, decay: decay(t) };
        self.model = self.model.clone().map(&mut blend);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ace::AceConfig;
    use burn::tensor::Device;

    #[test]
    fn the_decay_warms_up_then_caps() {
        assert!((decay(0) - 0.1).abs() < 1e-6);
        assert!((decay(90) - 0.91).abs() < 1e-6);
        assert_eq!(decay(1_000_000), 0.999);
    }

    fn first(module: &Ace) -> Vec<f32> {
        module.mlp.fc3.weight.val().into_data().try_to_vec::<f32>().unwrap()
    }

    /// The average after k updates equals the hand-computed recursion, and frozen parameters are copied.
    #[test]
    fn the_average_follows_the_recursion_by_hand() {
        let device = Device::flex();
        device.seed(5);
        let config = AceConfig::tiny();
        let autodiff = device.clone().autodiff();
        let mut live = config.init(&device).fork(&autodiff).train();
        let mut ema = Ema::new(&live);
        let mut expected = first(&live);
        for t in 0..3u64 {
            // A stand-in for an optimiser step: every trainable parameter moves.
            live = live.map(&mut Shift(1.0 + t as f32));
            let now = first(&live);
            let d = decay(t);
            expected = expected.iter().zip(&now).map(|(a, l)| a * d + l * (1.0 - d)).collect();
            ema.update(&live, t);
        }
        let got = first(&ema.model);
        for (g, e) in got.iter().zip(&expected) {
            assert!((g - e).abs() < 1e-5, "{g} vs {e}");
        }
        // VGG is frozen: the average holds exactly the live weights.
        assert_eq!(ema.model.vgg.block1_conv1.weight.val().into_data(), live.valid().vgg.block1_conv1.weight.val().into_data());
    }

    struct Shift(f32);
    impl ModuleMapper for Shift {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            if param.val().is_require_grad() {
                let s = self.0;
                param.map(|v| v.add_scalar(s))
            } else {
                param
            }
        }
    }
}
