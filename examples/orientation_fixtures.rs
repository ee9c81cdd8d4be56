//! Writes `tests/fixtures/orientation/`: one small picture stored eight ways, each JPEG carrying the EXIF
//! orientation tag (1-8) that turns its stored pixels back into `upright.png`, the way a phone stores a
//! portrait photo. The tests decode each and compare it with `upright.png`; the browser tests also
//! compare the library's decode with the browser's own. Run from the repository root:
//!
//!     cargo run --example orientation_fixtures
//!
//! The picture is `assets/samples/coffee.png` (CC0) resized to 96x64: not square, so a tag that is
//! ignored shows in the size, and without symmetry, so a wrong flip shows in the pixels.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{ImageEncoder, RgbImage};

/// The stored pixels whose orientation tag `tag` gives `upright` back: the inverse of the turn the tag
/// asks a viewer to make (EXIF 2.32, table of `Orientation`), written out here rather than taken from
/// the decoder under test.
fn stored(upright: &RgbImage, tag: u16) -> RgbImage {
    match tag {
        1 => upright.clone(),
        2 => imageops::flip_horizontal(upright),
        3 => imageops::rotate180(upright),
        4 => imageops::flip_vertical(upright),
        5 => imageops::flip_horizontal(&imageops::rotate90(upright)), // transpose: its own inverse
        6 => imageops::rotate270(upright),                            // the viewer turns it 90 clockwise
        7 => imageops::flip_horizontal(&imageops::rotate270(upright)), // transverse: its own inverse
        8 => imageops::rotate90(upright),                             // the viewer turns it 90 anticlockwise
        _ => unreachable!("EXIF orientations are 1 to 8"),
    }
}

/// A minimal big-endian TIFF structure with one IFD entry: Orientation (0x0112), SHORT, count 1.
fn exif_orientation(tag: u16) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes());
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes());
    tiff.extend(tag.to_be_bytes());
    tiff.extend([0, 0]); // the value is left-justified in its four bytes
    tiff.extend(0u32.to_be_bytes()); // no next IFD
    tiff
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::Path::new("tests/fixtures/orientation");
    std::fs::create_dir_all(out)?;
    let source = image::open("assets/samples/coffee.png")?.into_rgb8();
    let upright = imageops::resize(&source, 96, 64, FilterType::Lanczos3);
    upright.save(out.join("upright.png"))?;
    for tag in 1..=8u16 {
        let pixels = stored(&upright, tag);
        let mut bytes = Cursor::new(Vec::new());
        let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 95);
        encoder.set_exif_metadata(exif_orientation(tag))?;
        encoder.write_image(&pixels, pixels.width(), pixels.height(), image::ExtendedColorType::Rgb8)?;
        std::fs::write(out.join(format!("{tag}.jpg")), bytes.into_inner())?;
    }
    Ok(())
}
