//! Whether every weight of a network is a finite number. The loss check reads losses computed before a
//! step's update, so an update that turns weights into NaN or infinity passes it; this check runs on
//! the weights themselves before a checkpoint is written, so the last good checkpoint a stopped run
//! names always holds numbers.

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::Tensor;

/// True when every float parameter and buffer of `module` is finite. One read-back: the sum of every
/// tensor's sum, which is NaN or infinite as soon as one value is (weights are far too small to
/// overflow an f32 sum).
pub fn all_finite<M: Module>(module: &M) -> bool {
    struct Sum(Option<Tensor<1>>);
    impl ModuleVisitor for Sum {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let sum = param.val().sum();
            self.0 = Some(match self.0.take() {
                Some(total) => total + sum,
                None => sum,
            });
        }
    }
    let mut sum = Sum(None);
    module.visit(&mut sum);
    sum.0.is_none_or(|total| total.into_scalar::<f32>().is_finite())
}
