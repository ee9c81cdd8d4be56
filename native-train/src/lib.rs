//! The ACE training crate: the `ace` command line's commands, photo loading, and training (the
//! discriminator, the losses and the objective). It depends on the `ace` library for the networks;
//! the library never depends on it.

pub mod backend;
pub mod commands;
pub mod dogs_n_cats;
pub mod eval;
pub mod grid;
pub mod photos;
pub mod train;
