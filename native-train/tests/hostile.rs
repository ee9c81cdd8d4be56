//! Hostile input through the `ace` command line: each case is refused with a clear message, in well
//! under a second of work and within a small memory limit, never with a panic, an abort or a silent
//! wrong picture. (The library-level checks have unit tests beside them.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo, scratch};

/// `ace` under an address-space limit (`prlimit --as`), so a case that tried to allocate gigabytes
/// would abort instead of passing on a machine with memory to spare.
fn ace_limited(args: &[&std::ffi::OsStr]) -> Output {
    Command::new("prlimit").arg("--as=3000000000").arg(env!("CARGO_BIN_EXE_ace")).args(args).output().unwrap()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A safetensors file with our metadata and this config, holding no tensors at all.
fn header_only_weights(path: &Path, config: &str) {
    let header = serde_json::json!({ "__metadata__": { "format": "ace", "version": "1", "config": config } }).to_string();
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    std::fs::write(path, bytes).unwrap();
}

fn translate(weights: &Path, content: &Path, extra: &[&str], out: &Path) -> Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["translate".as_ref(), "--backend".as_ref(), "cpu".as_ref(), "--weights".as_ref(), weights.as_os_str()];
    args.extend(["--content".as_ref(), content.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    ace_limited(&args)
}

#[test]
fn a_weights_file_cannot_demand_memory_its_tensors_do_not_hold() {
    let dir = scratch("hostile-weights");
    let photo = repo().join("assets/samples/chelsea.png");
    let cases = [
        // About 190 GB of parameters, 224 bytes of file: over the ceiling, refused from the config.
        (
            r#"{"vgg_layer":"relu4_1","content_channels":4096,"content_res_blocks":64,"decoder_res_blocks":64,"style_dim":1024,"mlp_hidden":8192}"#,
            "over the limit",
        ),
        // Under the ceiling (about 47 M values, 190 MB as f32) but no tensors: refused by name before any allocation.
        (
            r#"{"vgg_layer":"relu3_1","content_channels":512,"content_res_blocks":4,"decoder_res_blocks":4,"style_dim":8,"mlp_hidden":256}"#,
            "is missing",
        ),
    ];
    for (i, (config, expected)) in cases.iter().enumerate() {
        let weights = dir.join(format!("case-{i}.safetensors"));
        header_only_weights(&weights, config);
        let started = std::time::Instant::now();
        let out = translate(&weights, &photo, &[], &dir.join("never.png"));
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "case {i}: {stderr}");
        assert!(stderr.contains(expected) && !stderr.contains("panicked"), "case {i}: {stderr}");
        println!("case {i}: refused in {:.2} s: {}", started.elapsed().as_secs_f64(), stderr.lines().last().unwrap_or(""));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn options_photos_and_the_output_are_checked_and_named() {
    let dir = scratch("hostile-inputs");
    let weights = repo().join("weights/ace-default.safetensors");
    let photo = repo().join("assets/samples/chelsea.png");
    let out = dir.join("out.png");
    let refused = |output: Output, needle: &str| {
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{needle}: {stderr}");
        assert!(stderr.contains(needle) && !stderr.contains("panicked"), "expected {needle:?} in: {stderr}");
        stderr
    };

    // An unbounded working size is refused before any work, as is a negative strength (read as a value).
    refused(translate(&weights, &photo, &["--max-side", "100000"], &out), "max_side must be at most 4096");
    refused(translate(&weights, &photo, &["--strength", "-0.5"], &out), "strength must be in [0, 1], got -0.5");
    // The output location is checked first: a missing folder is named before the weights are even read.
    refused(
        translate(Path::new("/nonexistent/weights"), &photo, &[], Path::new("/nonexistent/folder/out.png")),
        "the folder /nonexistent/folder does not exist",
    );
    // A truncated JPEG is an error, not a photo with a grey bottom half.
    let mut jpeg = Vec::new();
    image::open(&photo).unwrap().write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    let half = dir.join("half.jpg");
    std::fs::write(&half, &jpeg[..jpeg.len() / 2]).unwrap();
    refused(translate(&weights, &half, &[], &out), "the file is truncated");
    // A bad style photo is named as the style, not as the content.
    let text = dir.join("style.txt");
    std::fs::write(&text, "not an image").unwrap();
    let stderr = refused(translate(&weights, &photo, &["--style", text.to_str().unwrap()], &out), "the style photo");
    assert!(!stderr.contains("content photo"), "{stderr}");
    // An extreme style code would decode to a black picture: refused.
    refused(translate(&weights, &photo, &["--style-code", "1e38,0,0,0,0,0,0,0"], &out), "within ±100");
    // A cut weights file says so once, not twice.
    let bytes = std::fs::read(&weights).unwrap();
    let cut = dir.join("cut.safetensors");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let stderr = refused(translate(&cut, &photo, &[], &out), "tensor data ends early");
    assert_eq!(stderr.matches("tensor data ends early").count(), 1, "{stderr}");
    assert!(!out.exists(), "no picture was written by any refused run");
    std::fs::remove_dir_all(&dir).ok();
}
