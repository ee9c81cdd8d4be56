//! `ace info`: what a weights file holds, after the same checks a translation makes (its manifest
//! where one lies beside it, the digest of its tensor data, every tensor's name, shape and values):
//! a damaged file is an error here too, not a description.

use std::path::PathBuf;

use ace::weights::{digest::sha256_hex, file::read_config};
use anyhow::{Context, Result};
use clap::Args;

#[derive(Args)]
pub struct InfoArgs {
    pub weights: PathBuf,
}

pub fn run(args: InfoArgs) -> Result<()> {
    let bytes = ace::input_file::read(&args.weights).with_context(|| format!("reading {}", args.weights.display()))?;
    let config = read_config(&bytes)?;
    ace::weights::load_file(&args.weights, &burn::tensor::Device::flex()).with_context(|| format!("checking {}", args.weights.display()))?;
    let (h, w) = (256, 256);
    println!("file     {}", args.weights.display());
    println!("size     {} bytes", bytes.len());
    println!("sha256   {}", sha256_hex(&bytes));
    println!("config   {}", serde_json::to_string(&config)?);
    println!("compute  {:.1} GMAC at {w}x{h}", config.macs(h, w) as f64 / 1e9);
    println!("checked  every tensor loads, with its digest and manifest where the file has them");
    Ok(())
}
