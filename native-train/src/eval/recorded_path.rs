//! How a report writes the paths it was given. Photos inside the photo collection that `$ACE_DATA`
//! names (README, "Data") are written as `$ACE_DATA/...`: where that collection lies differs from one
//! machine to the next, and a report committed to the repository must not name a folder outside it.
//! Everything else is written as given.

use std::path::{Path, PathBuf};

/// Rewrites paths under one photo collection; without one, it writes every path as given.
pub struct PathRecorder {
    collection: Option<PathBuf>,
}

impl PathRecorder {
    /// The collection `$ACE_DATA` names, if it is set to a folder that exists.
    pub fn from_env() -> Self {
        Self::under(std::env::var_os("ACE_DATA").map(PathBuf::from))
    }

    /// Paths under `collection` (resolved, so `../x` and `/abs/x` match alike) are rewritten.
    pub fn under(collection: Option<PathBuf>) -> Self {
        Self { collection: collection.and_then(|dir| dir.canonicalize().ok()) }
    }

    /// `path` as a report records it.
    pub fn path(&self, path: &Path) -> String {
        let inside = self.collection.as_ref().and_then(|root| {
            let resolved = path.canonicalize().ok()?;
            let rest = resolved.strip_prefix(root).ok()?;
            Some(if rest.as_os_str().is_empty() { "$ACE_DATA".to_string() } else { format!("$ACE_DATA/{}", rest.display()) })
        });
        inside.unwrap_or_else(|| path.display().to_string())
    }

    /// One command-line argument as a report records it: a path, or the value of `--flag=path`.
    pub fn arg(&self, arg: &str) -> String {
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => format!("{flag}={}", self.path(Path::new(value))),
            _ => self.path(Path::new(arg)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A collection of one photo in a folder of its own (each test names its own).
    fn collection(name: &str) -> (PathBuf, PathRecorder) {
        let dir = std::env::temp_dir().join(format!("ace-recorded-path-{}-{name}", std::process::id()));
        std::fs::create_dir_all(dir.join("drit-dog/test")).expect("folders");
        std::fs::write(dir.join("drit-dog/test/a.jpg"), b"x").expect("photo");
        let recorder = PathRecorder::under(Some(dir.clone()));
        (dir, recorder)
    }

    #[test]
    fn paths_inside_the_collection_are_written_from_its_root() {
        let (dir, recorder) = collection("inside");
        assert_eq!(recorder.path(&dir.join("drit-dog/test/a.jpg")), "$ACE_DATA/drit-dog/test/a.jpg");
        assert_eq!(recorder.path(&dir.join("drit-dog/test/../test")), "$ACE_DATA/drit-dog/test");
        assert_eq!(recorder.path(&dir), "$ACE_DATA");
        let flag = format!("--source={}", dir.join("drit-dog").display());
        assert_eq!(recorder.arg(&flag), "--source=$ACE_DATA/drit-dog");
        std::fs::remove_dir_all(dir).expect("clean up");
    }

    #[test]
    fn everything_else_is_written_as_given() {
        let (dir, recorder) = collection("outside");
        assert_eq!(recorder.path(Path::new("weights/ace-default.safetensors")), "weights/ace-default.safetensors");
        assert_eq!(recorder.arg("--seeds"), "--seeds");
        assert_eq!(recorder.arg("10"), "10");
        let photo = dir.join("drit-dog/test/a.jpg");
        assert_eq!(PathRecorder::under(None).path(&photo), photo.display().to_string());
        std::fs::remove_dir_all(dir).expect("clean up");
    }
}
