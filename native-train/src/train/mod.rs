//! Training: the discriminators, the loss terms, the ACE objective, the training state and its loop.

pub mod checkpoint;
pub mod config;
pub mod data;
pub mod diff_augment;
pub mod discriminator;
pub mod discriminators;
pub mod ema;
pub mod finite;
pub mod interrupt;
pub mod loss_log;
pub mod losses;
pub mod objective;
pub mod packed;
pub mod random_window;
pub mod spectral_conv;
pub mod start;
pub mod state;
pub mod step;
pub mod trainer;
pub mod vgg_discriminator;
