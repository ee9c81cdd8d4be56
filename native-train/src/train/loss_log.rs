//! `log.jsonl`: one line per step with every loss, the images per second and the elapsed time. The
//! losses stay on the device until `flush`, which reads all pending steps back in one transfer (a GPU
//! keeps queueing work in between) and stops at the first non-finite value, naming its step.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use anyhow::Result;
use burn::tensor::Tensor;

use super::step::TERMS;

struct Pending {
    step: u64,
    elapsed_s: f64,
    images_per_s: f64,
    losses: Tensor<1>,
}

pub struct LossLog {
    file: File,
    pending: Vec<Pending>,
}

/// A step whose loss was not finite: training must stop before its parameters are checkpointed.
#[derive(Debug)]
pub struct NonFinite {
    pub step: u64,
    pub term: &'static str,
    pub value: f32,
}

impl LossLog {
    /// Opens the log for appending. A resumed run first drops the lines after its checkpoint's step:
    /// those steps were lost with the interrupted run and are done again.
    pub fn open(path: &Path, resumed_at: Option<u64>) -> Result<Self> {
        if let Some(step) = resumed_at {
            truncate(path, step)?;
        }
        Ok(LossLog { file: std::fs::OpenOptions::new().create(true).append(true).open(path)?, pending: Vec::new() })
    }

    pub fn push(&mut self, step: u64, elapsed_s: f64, images_per_s: f64, losses: Tensor<1>) {
        self.pending.push(Pending { step, elapsed_s, images_per_s, losses });
    }

    /// Reads back and writes every pending step. Returns the last step's losses (in `TERMS` order),
    /// or the first non-finite one, after writing the steps before it.
    pub fn flush(&mut self) -> Result<std::result::Result<Option<Vec<f32>>, NonFinite>> {
        if self.pending.is_empty() {
            return Ok(Ok(None));
        }
        let pending = std::mem::take(&mut self.pending);
        let values = Tensor::cat(pending.iter().map(|p| p.losses.clone()).collect(), 0)
            .into_data()
            .try_to_vec::<f32>()
            .map_err(|e| anyhow::anyhow!("reading the losses back: {e:?}"))?;
        let mut last = None;
        for (p, row) in pending.iter().zip(values.chunks(TERMS.len())) {
            if let Some((term, value)) = TERMS.iter().zip(row).find(|(_, v)| !v.is_finite()) {
                self.file.flush()?;
                return Ok(Err(NonFinite { step: p.step, term, value: *value }));
            }
            let mut line = serde_json::json!({ "step": p.step, "images_per_s": p.images_per_s, "elapsed_s": p.elapsed_s });
            for (name, value) in TERMS.iter().zip(row) {
                line[*name] = serde_json::json!(value);
            }
            writeln!(self.file, "{line}")?;
            last = Some(row.to_vec());
        }
        Ok(Ok(last))
    }
}

fn truncate(path: &Path, step: u64) -> Result<()> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(());
    };
    let kept: String = text
        .lines()
        .filter(|line| serde_json::from_str::<serde_json::Value>(line).ok().and_then(|v| v["step"].as_u64()).is_some_and(|s| s <= step))
        .map(|line| format!("{line}\n"))
        .collect();
    let tmp = path.with_extension("jsonl.tmp");
    std::fs::write(&tmp, kept)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Device;

    fn row(values: [f32; 6]) -> Tensor<1> {
        Tensor::from_floats(values, &Device::flex())
    }

    #[test]
    fn a_delayed_readback_names_the_first_bad_step_and_logs_the_ones_before() {
        let path = std::env::temp_dir().join(format!("ace-loss-log-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut log = LossLog::open(&path, None).unwrap();
        log.push(1, 0.5, 8.0, row([-0.5, 1.0, 0.4, 0.3, 0.9, 0.7]));
        log.push(2, 1.0, 8.0, row([-0.5, 1.0, f32::NAN, 0.3, 0.9, 0.7]));
        log.push(3, 1.5, 8.0, row([-0.5, 1.0, 0.4, 0.3, 0.9, f32::INFINITY]));
        let bad = log.flush().unwrap().expect_err("a NaN is reported");
        assert_eq!((bad.step, bad.term), (2, "style"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("\"step\":1") && text.contains("\"discriminator\":0.69999"), "{text}");

        // Resuming at step 0 drops every line; a clean flush returns the last step's values.
        let mut log = LossLog::open(&path, Some(0)).unwrap();
        log.push(1, 0.5, 8.0, row([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        assert_eq!(log.flush().unwrap().unwrap(), Some(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
        std::fs::remove_file(&path).ok();
    }
}
