//! Finding and loading photos from a folder (calibration now; the training data loader builds on it).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use burn::tensor::{Device, Tensor, TensorData};

const EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// Up to `limit` image files under `dir` (recursive), sorted by path so runs are reproducible. Each
/// folder and each file is visited once, however many symlinks lead to it (a link to `.` would
/// otherwise make the walk endless, a link to a photo count it twice), and only regular files are
/// listed: reading a FIFO named `x.png` would block forever.
pub fn list_images(dir: &Path, limit: usize) -> Result<Vec<PathBuf>> {
    // Real paths already taken, folders and photos alike. The walk goes in name order, so which of two
    // paths to one photo names it is the same every run.
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = std::fs::canonicalize(&dir).with_context(|| format!("reading {}", dir.display()))?;
        if !seen.insert(real) {
            continue;
        }
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        let mut folders = Vec::new();
        for path in entries {
            // A broken link or a vanished file is not a photo: skipped, like any other non-photo.
            let Ok(metadata) = std::fs::metadata(&path) else { continue };
            if metadata.is_dir() {
                folders.push(path);
            } else if metadata.is_file()
                && path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                && std::fs::canonicalize(&path).is_ok_and(|real| seen.insert(real))
            {
                found.push(path);
            }
        }
        stack.extend(folders.into_iter().rev());
    }
    if found.is_empty() {
        bail!("no JPEG/PNG/WebP photos in {}", dir.display());
    }
    found.sort();
    found.truncate(limit);
    Ok(found)
}

/// The photos of `found` (all under `dir`) named in `list`, a text file of paths relative to `dir`
/// (one per line, `#` comments). Every listed photo must be there: a subset that silently shrank
/// would change what is measured.
pub fn select_listed(dir: &Path, found: Vec<PathBuf>, list: &Path) -> Result<Vec<PathBuf>> {
    let text = ace::input_file::read_to_string(list).with_context(|| format!("reading {}", list.display()))?;
    let wanted: std::collections::BTreeSet<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let selected: Vec<PathBuf> =
        found.into_iter().filter(|p| p.strip_prefix(dir).is_ok_and(|r| wanted.contains(r.to_string_lossy().as_ref()))).collect();
    if selected.len() != wanted.len() {
        bail!("{} names {} photos, but only {} of them are in {}", list.display(), wanted.len(), selected.len(), dir.display());
    }
    Ok(selected)
}

/// The first `n` photos under `dir` (by path) that decode: a run's sample grid must not depend on a
/// photo the loader skips. Unreadable ones are named in a warning; none readable is an error.
pub fn first_readable(dir: &Path, n: usize) -> Result<Vec<PathBuf>> {
    let mut readable = Vec::with_capacity(n);
    for path in list_images(dir, usize::MAX)? {
        match read_photo(&path) {
            Ok(_) => readable.push(path),
            Err(error) => eprintln!("warning: not using {} in the sample grid: {error:#}", path.display()),
        }
        if readable.len() == n {
            break;
        }
    }
    if readable.is_empty() {
        bail!("no photo under {} decodes", dir.display());
    }
    Ok(readable)
}

/// Reads and decodes one photo the way the library does (upright by its EXIF orientation, truncated
/// JPEGs refused, the default size limits); the error names the file. Every photo the trainer, the grids
/// and the evaluation see comes through here or through `open_photo`.
pub fn read_photo(path: &Path) -> Result<image::RgbImage> {
    let bytes = ace::input_file::read(path).with_context(|| format!("reading {}", path.display()))?;
    ace::pipeline::decode_image(&bytes, ace::pipeline::ImageLimits::default()).with_context(|| format!("decoding {}", path.display()))
}

/// Reads and decodes one photo with the translator's limits; the error names the file.
pub fn open_photo(path: &Path, translator: &ace::Translator) -> Result<image::RgbImage> {
    let bytes = ace::input_file::read(path).with_context(|| format!("reading {}", path.display()))?;
    translator.decode(&bytes).with_context(|| format!("decoding {}", path.display()))
}

/// Decodes photos, squashes each to `side` x `side`, and stacks them as RGB in [-1, 1]. Unreadable
/// files are skipped with a warning; at least two must load (batch statistics need two).
pub fn load_batch(paths: &[PathBuf], side: u32, device: &Device) -> Result<Tensor<4>> {
    let s = side as usize;
    let mut data = Vec::new();
    let mut count = 0;
    for path in paths {
        let image = match read_photo(path) {
            Ok(image) => image,
            Err(error) => {
                eprintln!("warning: skipping {}: {error:#}", path.display());
                continue;
            }
        };
        let image = image::imageops::resize(&image, side, side, image::imageops::FilterType::Triangle);
        data.extend(ace::pipeline::to_chw(&image));
        count += 1;
    }
    if count < 2 {
        bail!("need at least two readable photos, found {count}");
    }
    Ok(Tensor::from_data(TensorData::new(data, [count, 3, s, s]), device))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Links to `.`, a link to a photo and a FIFO named like a photo: the walk ends, lists each photo
    /// once under the same name every time, and skips the FIFO.
    #[test]
    fn the_walk_survives_link_loops_and_pipes_and_lists_each_photo_once() {
        let dir = std::env::temp_dir().join(format!("ace-walk-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        // Read when the test runs: the build folder is shared between clones (native-train/tests/common).
        let photo = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("../assets/samples/chelsea.png");
        std::fs::copy(&photo, dir.join("a.png")).unwrap();
        std::fs::copy(&photo, dir.join("sub/b.png")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("loop1")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/loop2")).unwrap();
        std::os::unix::fs::symlink("a.png", dir.join("z-link.png")).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(dir.join("pipe.png")).status().unwrap().success());
        let found = list_images(&dir, usize::MAX).unwrap();
        assert_eq!(found, vec![dir.join("a.png"), dir.join("sub/b.png")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
