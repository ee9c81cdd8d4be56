//! Every photo under a folder through the library's decoder, for the rule that no check refuses a real
//! photo (hostile-input issue): prints each refusal and the totals, and exits 1 if any was refused.
//!
//!   cargo run --release -p ace-train --example decode_all -- assets tests [a photo collection, e.g. $ACE_DATA]

use std::path::Path;

fn main() {
    let folders: Vec<String> = std::env::args().skip(1).collect();
    assert!(!folders.is_empty(), "usage: decode_all <folder>...");
    let (mut decoded, mut refused) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for folder in &folders {
        for path in ace_train::photos::list_images(Path::new(folder), usize::MAX).expect("a readable folder") {
            let bytes = std::fs::read(&path).expect("a readable file");
            match ace::pipeline::decode_image(&bytes, ace::pipeline::ImageLimits::default()) {
                Ok(_) => decoded += 1,
                Err(error) => {
                    refused += 1;
                    println!("refused {}: {error}", path.display());
                }
            }
        }
    }
    println!("{decoded} decoded, {refused} refused, in {:.1} s", started.elapsed().as_secs_f64());
    std::process::exit(i32::from(refused > 0));
}
