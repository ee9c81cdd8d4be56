//! `ace grid`: a picture of what a model does (model cards, READMEs): content photos down, styles
//! and seeds across.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

#[derive(Args)]
pub struct GridArgs {
    #[arg(long)]
    pub weights: PathBuf,
    /// Content photos (one row each).
    #[arg(long, num_args = 1.., required = true)]
    pub content: Vec<PathBuf>,
    /// Style photos (columns); without any, styles are sampled from the seeds.
    #[arg(long, num_args = 1..)]
    pub style: Vec<PathBuf>,
    #[arg(long, num_args = 1.., default_values_t = [0u64, 1, 2])]
    pub seeds: Vec<u64>,
    /// Side of each cell in pixels.
    #[arg(long, default_value_t = 128)]
    pub side: u32,
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: GridArgs) -> Result<()> {
    let translator = super::load_translator(&args.weights, args.backend)?;
    let open = |p: &PathBuf| crate::photos::open_photo(p, &translator);
    let contents = args.content.iter().map(open).collect::<Result<Vec<_>>>()?;
    let styles: Vec<Option<image::RgbImage>> = if args.style.is_empty() {
        vec![None]
    } else {
        args.style.iter().map(|p| open(p).map(Some)).collect::<Result<Vec<_>>>()?
    };
    let grid = crate::grid::translation_grid(&translator, &contents, &styles, &args.seeds, args.side)?;
    ace::atomic_file::write_image(&args.out, &grid).with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {} ({}x{})", args.out.display(), grid.width(), grid.height());
    Ok(())
}
