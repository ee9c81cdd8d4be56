//! Evaluation (design notes section 6): the metrics, each a pure function with a known-answer test.
//! `ace eval` (classifier, inputs, baselines, report) builds on them.

pub mod efficientnet;
pub mod metrics;
