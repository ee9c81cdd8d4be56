//! One translation of a `side` x `side` photo with `seeds` seeds on the CPU, then the process's peak
//! resident memory (Linux `VmHWM`) beside what the library's memory budget estimates for it: the
//! calibration of `pipeline::budget` (BENCHMARKS.md, "Memory of one translation").
//!
//!   cargo run --release -p ace-train --example peak_memory -- <weights> <side> <seeds>

use ace::{TranslateOptions, Translator};
use burn::tensor::Device;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = || anyhow::anyhow!("usage: peak_memory <weights> <side> <seeds>");
    let weights = args.get(1).ok_or_else(usage)?;
    let side: u32 = args.get(2).ok_or_else(usage)?.parse()?;
    let seeds: u64 = args.get(3).ok_or_else(usage)?.parse()?;
    // As the `ace` command line runs (src/memory_reuse.rs; `ACE_GLIBC_DEFAULTS=1` for a program without it).
    ace::keep_freed_memory();
    // No memory limit: the point is to measure what the estimate would have refused.
    let translator = Translator::from_file(weights.as_ref(), &Device::flex())?.with_memory_limit(u64::MAX);
    // Built in: the scripts run this binary outside cargo, from a build folder several clones share.
    let photo = image::load_from_memory(include_bytes!("../../assets/samples/chelsea.png"))?.into_rgb8();
    let content = image::imageops::resize(&photo, side, side, image::imageops::FilterType::Triangle);
    // The network at the full side: what the budget's estimate is calibrated on.
    let options = TranslateOptions { max_side: side, model_side: None, ..TranslateOptions::default() };
    let seeds: Vec<u64> = (0..seeds).collect();
    let before = peak_kib()?;
    translator.translate_seeds(&content, None, &seeds, &options)?;
    let estimate = translator.memory_needed(side, side, &options, seeds.len());
    println!(
        "{{\"side\": {side}, \"seeds\": {}, \"peak_mib\": {}, \"before_mib\": {}, \"estimate_mib\": {}}}",
        seeds.len(),
        peak_kib()? / 1024,
        before / 1024,
        estimate >> 20
    );
    Ok(())
}

/// The process's peak resident set so far, in KiB.
fn peak_kib() -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).ok_or_else(|| anyhow::anyhow!("no VmHWM"))?;
    Ok(line.split_whitespace().nth(1).unwrap_or("0").parse()?)
}
