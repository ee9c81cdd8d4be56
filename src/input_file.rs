//! Every file a user names is read through here: only a regular file (a symlink to one is fine). A
//! FIFO would block the read forever, a device could stream without end, and a folder gives an
//! unclear OS error; each is refused by name instead.

use std::path::Path;

use crate::error::{AceError, Result};

/// The bytes of the regular file at `path`.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    regular(path)?;
    std::fs::read(path).map_err(|e| AceError::io(path, e))
}

/// The text of the regular file at `path`.
pub fn read_to_string(path: &Path) -> Result<String> {
    regular(path)?;
    std::fs::read_to_string(path).map_err(|e| AceError::io(path, e))
}

/// Whether `path` is a regular file (following symlinks): the error says what it is instead.
pub fn regular(path: &Path) -> Result<()> {
    let metadata = std::fs::metadata(path).map_err(|e| AceError::io(path, e))?;
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() { "a folder" } else { "not a regular file (a pipe, a socket or a device)" };
    Err(AceError::io(path, format!("it is {what}; a file is needed here")))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_or_a_folder_is_refused_by_name_without_blocking() {
        let dir = std::env::temp_dir().join(format!("ace-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("photo.png");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let error = read(&fifo).unwrap_err().to_string();
        assert!(error.contains("photo.png") && error.contains("not a regular file"), "{error}");
        assert!(read(&dir).unwrap_err().to_string().contains("it is a folder"));
        std::fs::write(dir.join("a.txt"), "text").unwrap();
        assert_eq!(read_to_string(&dir.join("a.txt")).unwrap(), "text");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
