//! Every file the library and the CLI write goes through here: the bytes go to a temporary file beside
//! the target, are flushed to the disk, and only then take the target's name by a rename, which the file
//! system does at once. A crash, a full disk or a second process writing the same path therefore never
//! leaves half a file under the name, and never destroys the good file that was there.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AceError, Result};

/// Writes `bytes` to `path` whole or not at all (creating its folder).
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| AceError::io(dir, e))?;
    let tmp = temporary_beside(path);
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(AceError::io(path, e));
    }
    Ok(())
}

/// Encodes `image` in the format its extension names (PNG, JPEG, ...) and writes it with [`write`].
pub fn write_image(path: &Path, image: &image::RgbImage) -> Result<()> {
    let format = image::ImageFormat::from_path(path).map_err(|e| AceError::io(path, e))?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).map_err(|e| AceError::io(path, e))?;
    write(path, &bytes.into_inner())
}

/// `<dir>/.<name>.<pid>-<n>.tmp`: hidden, in the same folder (a rename does not cross file systems), and
/// distinct for every process and call, so two writers never share one.
fn temporary_beside(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failed write leaves what was there: the rename never happens, and no temporary file is left.
    #[test]
    fn a_write_that_fails_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("ace-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("picture.png");
        write(&path, b"the good picture").unwrap();
        // A folder where the file should be: the rename onto it fails after the bytes are written.
        let blocked = dir.join("blocked");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        assert!(write(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"the good picture");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "{left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
