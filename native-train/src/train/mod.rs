//! Training: the discriminator, the loss terms, and the ACE pretraining objective.

pub mod discriminator;
pub mod losses;
pub mod objective;
pub mod spectral_conv;
