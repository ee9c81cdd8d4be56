//! Evaluation (docs/evaluation.md): the independent classifier, the metrics (each a pure function
//! with a known-answer test), the Lab colour-transfer baseline, one evaluation run, and its report;
//! and the measures of a full-size output (seams, sharpness, fidelity).

pub mod classify;
pub mod efficientnet;
pub mod evaluate;
pub mod full_size;
pub mod lab_transfer;
pub mod metrics;
pub mod recorded_path;
pub mod report;
pub mod report_page;
