//! Training: the discriminator, the loss terms, and the ACE pretraining objective.

pub mod checkpoint;
pub mod config;
pub mod data;
pub mod discriminator;
pub mod losses;
pub mod objective;
pub mod spectral_conv;
pub mod trainer;
