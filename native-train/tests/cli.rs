//! The `ace` binary end to end: build a model file, translate a photo, refuse bad input clearly.

use std::path::{Path, PathBuf};
use std::process::Command;

fn ace() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ace"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ace-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn init_then_translate_writes_a_picture_and_bad_input_fails_with_a_message() {
    let dir = scratch();
    let weights = dir.join("tiny.safetensors");
    let out = Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["init", "--preset", "tiny", "--dtype", "f16", "--out"])
        .arg(&weights)
        .arg("--calibrate")
        .arg(repo().join("assets/samples"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("UNTRAINED"));
    assert!(dir.join("tiny.safetensors.json").exists(), "the manifest is written beside the weights");

    let info = ace().arg("info").arg(&weights).output().unwrap();
    assert!(info.status.success());
    assert!(String::from_utf8_lossy(&info.stdout).contains("\"content_channels\":16"));

    let picture = dir.join("out.png");
    let out = ace()
        .args(["translate", "--seed", "3", "--max-side", "96", "--weights"])
        .arg(&weights)
        .arg("--content")
        .arg(repo().join("assets/samples/chelsea.png"))
        .arg("--style")
        .arg(repo().join("assets/samples/coffee.png"))
        .arg("--out")
        .arg(&picture)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("note: downscaled from 451x300"), "{stdout}");
    let image = image::open(&picture).unwrap();
    assert_eq!((image.width(), image.height()), (96, 64));

    // A text file as content: a clear message and exit code 1, not a panic.
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not an image").unwrap();
    let out = ace()
        .args(["translate", "--weights"])
        .arg(&weights)
        .arg("--content")
        .arg(&text)
        .arg("--out")
        .arg(dir.join("never.png"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("could not be decoded") && !stderr.contains("panicked"), "{stderr}");

    // A damaged weights file: the manifest check names the problem.
    let mut bytes = std::fs::read(&weights).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 0xff;
    std::fs::write(&weights, &bytes).unwrap();
    let out = ace()
        .args(["translate", "--weights"])
        .arg(&weights)
        .arg("--content")
        .arg(repo().join("assets/samples/chelsea.png"))
        .arg("--out")
        .arg(dir.join("never.png"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sha256 mismatch"));
    std::fs::remove_dir_all(&dir).ok();
}
