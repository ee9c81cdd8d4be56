//! The fuzzers' corpus, replayed in the normal test run: every committed input (the seeds, and what
//! the campaigns kept: inputs that reached new code, and any that once crashed) goes through the same
//! target bodies the AFL binaries run (`fuzz/src/targets.rs`, included here rather than depended on,
//! so this test needs no AFL build). A panic fails the test and names the file.

mod common;
#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::path::PathBuf;

use targets::Outcome;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = common::root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every file through `body`; returns how many were accepted and refused.
fn replay(target: &str, body: fn(&[u8]) -> Outcome) -> (usize, usize) {
    let files = corpus(target);
    assert!(files.len() >= 10, "the {target} corpus has only {} files", files.len());
    let mut counts = (0, 0);
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&bytes)).unwrap_or_else(|_| panic!("{} crashed the {target} target", path.display()));
        match outcome {
            Outcome::Accepted => counts.0 += 1,
            Outcome::Refused => counts.1 += 1,
        }
    }
    counts
}

#[test]
fn the_image_corpus_decodes_or_is_refused_with_an_image_error() {
    let (accepted, refused) = replay("image", targets::image);
    // Both halves of the target are exercised: pictures fitted and back, and damage refused.
    assert!(accepted >= 5 && refused >= 4, "{accepted} accepted, {refused} refused");
}

#[test]
fn the_weights_corpus_is_refused_with_a_weights_error() {
    // No complete file fits a fuzzer's 1 MB input (VGG to relu3_1 alone is 2.2 MB as f16): every
    // corpus file is refused, each before any network is built. The loader's whole path, save and
    // load back included, runs here on the shipped file.
    let (accepted, refused) = replay("weights", targets::weights);
    assert_eq!(accepted, 0);
    assert!(refused >= 10);
    let shipped = std::fs::read(common::root().join("weights/ace-default.safetensors")).unwrap();
    assert_eq!(targets::weights(&shipped), Outcome::Accepted);
}
