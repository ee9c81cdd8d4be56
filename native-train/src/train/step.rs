//! One training step: the generator's update, then the discriminators', then the moving average.

use burn::optim::GradientsParams;
use burn::tensor::Tensor;

use super::objective::{discriminator_loss, fine_tune_losses, generator_losses};
use super::state::TrainState;

/// The names of the values `TrainState::step` returns, in order (the log's keys).
pub const TERMS: [&str; 6] = ["contrastive", "content", "style", "reconstruction", "gan", "discriminator"];

impl TrainState {
    /// Trains on one batch of real photos `[N, 3, crop, crop]` on the autodiff device (and, when
    /// fine-tuning, a batch of source photos). Returns the losses named by `TERMS`, still on the
    /// device: reading them back is the caller's choice of when.
    pub fn step(&mut self, real: Tensor<4>, source: Option<Tensor<4>>) -> Tensor<1> {
        let objective = &self.config.objective;
        let losses = match source {
            Some(source) => fine_tune_losses(&self.generator, &self.discriminators, source, real.clone(), &mut self.rng, objective),
            None => generator_losses(&self.generator, &self.discriminators, real.clone(), &mut self.rng, objective),
        };
        let generator_terms = [losses.contrastive, losses.content, losses.style, losses.reconstruction, losses.gan];
        let generator_learns = self.step >= self.config.critic_warmup;
        if generator_learns {
            let grads = GradientsParams::from_grads(losses.total.backward(), &self.generator);
            self.generator = self.optim_generator.step(self.config.lr_generator, self.generator.clone(), grads);
        }

        let d_loss = discriminator_loss(&self.discriminators, real, losses.fakes, &mut self.rng, objective);
        let grads = GradientsParams::from_grads(d_loss.backward(), &self.discriminators);
        self.discriminators = self.optim_discriminators.step(self.config.lr_discriminator, self.discriminators.clone(), grads);

        if let Some(ema) = self.ema.as_mut().filter(|_| generator_learns) {
            ema.update(&self.generator, self.step - self.config.critic_warmup);
        }
        self.step += 1;
        Tensor::cat(generator_terms.into_iter().chain([d_loss]).map(Tensor::detach).collect(), 0)
    }
}
