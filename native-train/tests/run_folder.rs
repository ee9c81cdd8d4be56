//! The run folder as a state machine, driven at random: fresh starts, resumes (each stops with a
//! checkpoint), a new stage started from the run, a resume under another config, a fine-tune's
//! resume, a generator file swapped in from an older checkpoint, a new machine (the folder lost, its
//! packed checkpoint unpacked in its place), and `kill -9` at any moment, in an order drawn from a
//! seed. After every operation:
//!
//! - `latest` names a checkpoint that exports and translates (never one called good that does not);
//! - no checkpointed step is ever lost, and a kill loses at most one checkpoint interval of logged steps;
//! - after a clean finish the log holds each step once, from 1 (or the step a new machine's run
//!   continued from) to the latest;
//! - what must be refused is refused, and leaves the folder as it was: a fresh run into a used folder,
//!   a new stage into the run's own folder, a resume under another config, a fine-tune resuming a
//!   pretraining run, a checkpoint whose generator is not the file it wrote.
//!
//! CI runs one short sequence (seed 1, 10 operations: every kind once, then a drawn one). The longer campaign is a documented command:
//!
//!   ACE_RUN_FOLDER_SEED=7 ACE_RUN_FOLDER_OPS=200 cargo test --release -p ace-train --test run_folder -- --nocapture

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::tiny_run::{pretrain_command, tiny_config, tiny_data};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// What the test knows of the folder: the last checkpointed step (0: none yet), and whether the log
/// may hold steps past it (a killed run's, dropped by the next run that starts).
struct Model {
    saved: u64,
    interval: u64,
    log_ahead: bool,
    /// The first step the log holds: 1, or the step after the one a new machine continued from.
    log_from: u64,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn latest(run: &Path) -> Option<(PathBuf, u64)> {
    let name = std::fs::read_to_string(run.join("checkpoints/latest")).ok()?;
    let step = name.trim().trim_start_matches("step-").parse().unwrap();
    Some((run.join("checkpoints").join(name.trim()), step))
}

fn logged_steps(run: &Path) -> Vec<u64> {
    std::fs::read_to_string(run.join("log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["step"].as_u64().unwrap())
        .collect()
}

fn say(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The latest checkpoint exports to a weights file that translates a photo.
fn translates(dir: &Path, checkpoint: &Path) {
    let ace = env!("CARGO_BIN_EXE_ace");
    let weights = dir.join("exported.safetensors");
    let export = Command::new(ace).arg("export").arg("--checkpoint").arg(checkpoint).arg("--out").arg(&weights).output().unwrap();
    assert!(export.status.success(), "{} does not export: {}", checkpoint.display(), say(&export));
    let out = dir.join("translated.png");
    let photo = common::repo().join("assets/samples/chelsea.png");
    let translate = Command::new(ace)
        .args(["translate", "--backend", "cpu", "--max-side", "32", "--weights"])
        .arg(&weights)
        .arg("--content")
        .arg(photo)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(translate.status.success(), "{} does not translate: {}", checkpoint.display(), say(&translate));
    std::fs::remove_file(&out).unwrap();
}

#[test]
fn the_run_folder_never_loses_a_checkpoint_nor_names_a_bad_one_whatever_happens_to_it() {
    let seed = env_number("ACE_RUN_FOLDER_SEED", 1);
    let operations = env_number("ACE_RUN_FOLDER_OPS", 10);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tiny_data(&format!("run-folder-{seed}"), 6);
    let run = dir.join("run");
    let config = tiny_config();
    let mut model = Model { saved: 0, interval: 3, log_ahead: false, log_from: 1 };
    let config = ace_train::train::config::TrainConfig { steps: 100_000, checkpoint_every: model.interval, ..config };
    let pretrain = |flags: &[&str]| pretrain_command(&dir, &config, flags).output().unwrap();

    // The first operations start the run and then try every kind once (so even a short sequence
    // covers them all); the rest are drawn.
    let mut history = Vec::new();
    for i in 0..operations {
        let choice = match i {
            0..9 => [0, 3, 1, 5, 4, 6, 7, 8, 2][i as usize],
            _ => rng.next_u32() % 9,
        };
        let steps = 1 + u64::from(rng.next_u32() % 5);
        match choice {
            // A fresh run: only into an unused folder.
            0 => {
                let used = run.join("log.jsonl").exists() || latest(&run).is_some();
                let output = pretrain(&["--max-steps-now", &steps.to_string()]);
                if used {
                    assert!(!output.status.success() && say(&output).contains("already holds a run"), "{}", say(&output));
                } else {
                    assert!(output.status.success(), "{}", say(&output));
                    model.saved = steps;
                }
            }
            // A resume for a few steps (ends with a checkpoint).
            1 | 2 => {
                let output = pretrain(&["--resume", "--max-steps-now", &steps.to_string()]);
                assert!(output.status.success(), "{}", say(&output));
                model.saved += steps;
                model.log_ahead = false;
            }
            // kill -9 at a random moment of a resumed run.
            3 => {
                let mut child = pretrain_command(&dir, &config, &["--resume"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
                std::thread::sleep(Duration::from_millis(u64::from(rng.next_u32() % 4000)));
                child.kill().unwrap();
                child.wait().unwrap();
                let saved = latest(&run).map_or(0, |(_, step)| step);
                assert!(saved >= model.saved, "a kill lost checkpointed step {} (latest is {saved})", model.saved);
                model.saved = saved;
                let logged = logged_steps(&run).last().copied().unwrap_or(0);
                assert!(logged.saturating_sub(saved) <= model.interval, "logged {logged}, saved {saved}");
                model.log_ahead |= logged > saved;
            }
            // A fine-tune may not resume a pretraining run.
            4 => {
                let output = Command::new(env!("CARGO_BIN_EXE_ace"))
                    .args(["fine-tune", "--resume", "--max-steps-now", "1", "--from"])
                    .arg(common::repo().join("weights/ace-default.safetensors"))
                    .arg("--content")
                    .arg(dir.join("photos"))
                    .arg("--style")
                    .arg(dir.join("photos"))
                    .arg("--out")
                    .arg(&run)
                    .output()
                    .unwrap();
                assert!(!output.status.success() && say(&output).contains("holds a pretraining run"), "{}", say(&output));
            }
            // A new stage started from this run: never into the run's own folder; into its own, a run
            // whose first checkpoint translates.
            6 => {
                let refused = pretrain(&["--init-from", &run.to_string_lossy(), "--max-steps-now", "1"]);
                assert!(!refused.status.success() && say(&refused).contains("already holds a run"), "{}", say(&refused));
                let next = dir.join("next-stage");
                let stage = Command::new(env!("CARGO_BIN_EXE_ace"))
                    .args(["pretrain", "--max-steps-now", "1", "--init-from"])
                    .arg(&run)
                    .arg("--data")
                    .arg(dir.join("photos"))
                    .arg("--config")
                    .arg(dir.join("config.json"))
                    .arg("--out")
                    .arg(&next)
                    .output()
                    .unwrap();
                assert!(stage.status.success(), "{}", say(&stage));
                translates(&dir, &latest(&next).unwrap().0);
                std::fs::remove_dir_all(&next).unwrap();
            }
            // A resume under another config: refused, naming what differs.
            7 => {
                let other = ace_train::train::config::TrainConfig { lr_generator: config.lr_generator * 2.0, ..config.clone() };
                let output = pretrain_command(&dir, &other, &["--resume", "--max-steps-now", "1"]).output().unwrap();
                assert!(!output.status.success() && say(&output).contains("started under another config (it differs in lr_generator)"), "{}", say(&output));
            }
            // A new machine: the run folder is lost, and its packed checkpoint, unpacked in its place,
            // carries the run on from the same step (its log starts again after that step).
            8 => {
                let packed = dir.join("packed");
                let pack = Command::new(env!("CARGO_BIN_EXE_ace")).arg("pack").arg("--checkpoint").arg(&run).arg("--out").arg(&packed).output().unwrap();
                assert!(pack.status.success(), "{}", say(&pack));
                std::fs::remove_dir_all(&run).unwrap();
                let unpack = Command::new(env!("CARGO_BIN_EXE_ace")).arg("unpack").arg("--packed").arg(&packed).arg("--out").arg(&run).output().unwrap();
                assert!(unpack.status.success(), "{}", say(&unpack));
                model.log_from = model.saved + 1;
                model.log_ahead = false;
            }
            // The latest checkpoint's generator replaced by its predecessor's: refused, then put back.
            _ => {
                let (checkpoint, step) = latest(&run).unwrap();
                let older = std::fs::read_dir(run.join("checkpoints"))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.is_dir() && *p != checkpoint && !p.to_string_lossy().ends_with(".tmp"))
                    .max();
                if let Some(older) = older {
                    let file = checkpoint.join("generator.bpk");
                    let kept = std::fs::read(&file).unwrap();
                    std::fs::copy(older.join("generator.bpk"), &file).unwrap();
                    let output = pretrain(&["--resume", "--max-steps-now", "1"]);
                    assert!(!output.status.success() && say(&output).contains("is not the file this checkpoint wrote"), "{}", say(&output));
                    assert_eq!(latest(&run).unwrap().1, step, "a refused resume moved nothing");
                    std::fs::write(&file, kept).unwrap();
                }
            }
        }
        history.push(choice);
        // The invariants, after every operation.
        let (checkpoint, saved) = latest(&run).expect("the first operation left a checkpoint");
        assert_eq!(saved, model.saved, "after operations {history:?}");
        translates(&dir, &checkpoint);
        if !model.log_ahead {
            assert_eq!(logged_steps(&run), (model.log_from..=saved).collect::<Vec<_>>(), "the log after operations {history:?}");
        }
        let kept = std::fs::read_dir(run.join("checkpoints"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir() && !e.as_ref().unwrap().path().to_string_lossy().ends_with(".tmp"))
            .count();
        // Two after a run that saved; a kill between a checkpoint's rename and its pointer may leave a
        // third, newer one, which the next save removes.
        let most = if matches!(choice, 1 | 2) { 2 } else { 3 };
        assert!((1..=most).contains(&kept), "{kept} checkpoints kept after operations {history:?}");
    }
    println!("seed {seed}: {operations} operations {history:?}, ended at step {}", model.saved);
}

/// A checkpoint written before digests were kept (its state.json without `files`) still resumes: a new
/// binary may continue a run.
#[test]
fn a_checkpoint_without_digests_still_resumes() {
    let dir = tiny_data("run-folder-old", 4);
    let config = ace_train::train::config::TrainConfig { steps: 100, checkpoint_every: 2, ..tiny_config() };
    let first = pretrain_command(&dir, &config, &["--max-steps-now", "2"]).output().unwrap();
    assert!(first.status.success(), "{}", say(&first));
    let (checkpoint, _) = latest(&dir.join("run")).unwrap();
    let path = checkpoint.join("state.json");
    let mut state: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(state.as_object_mut().unwrap().remove("files").is_some(), "today's checkpoints keep digests");
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    let resumed = pretrain_command(&dir, &config, &["--resume", "--max-steps-now", "1"]).output().unwrap();
    assert!(resumed.status.success() && say(&resumed).contains("stopped at step 3"), "{}", say(&resumed));
}

/// A plain `--resume` (no --config, no --steps) keeps the step the run was started to reach: it does
/// not stop at, or run on to, the default config's 10,000.
#[test]
fn a_plain_resume_keeps_the_runs_own_last_step() {
    let dir = tiny_data("run-folder-steps", 4);
    let config = ace_train::train::config::TrainConfig { steps: 3, checkpoint_every: 1, ..tiny_config() };
    let first = pretrain_command(&dir, &config, &["--max-steps-now", "1"]).output().unwrap();
    assert!(first.status.success(), "{}", say(&first));
    let resumed = std::process::Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["pretrain", "--resume", "--max-steps-now", "5", "--data"])
        .arg(dir.join("photos"))
        .arg("--out")
        .arg(dir.join("run"))
        .output()
        .unwrap();
    assert!(resumed.status.success() && say(&resumed).contains("stopped at step 3"), "{}", say(&resumed));
}
