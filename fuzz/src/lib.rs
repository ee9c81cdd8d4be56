//! See `targets.rs`: one body per fuzz target, shared with the corpus replay in the test run.
pub mod targets;
