//! `--upscale` / `--no-upscale`, shared by `translate` and `eval`: the library uses a weights file's
//! learned upscaler wherever it has one (`TranslateOptions::upscale`); on the command line a result can
//! also insist on it, so that a report or a picture never claims an enlargement the file could not make.

use anyhow::Result;
use clap::Args;

#[derive(Args, Clone, Copy, Debug)]
pub struct UpscaleArgs {
    /// Insist on the weights file's learned upscaler (`ace train-upscaler` makes one): refused for a
    /// file without one and beside --detail-from network/decoder. Without either flag it is used
    /// wherever the file has one (the library's default).
    #[arg(long, conflicts_with = "no_upscale")]
    pub upscale: bool,
    /// Never use the weights file's upscaler: carry the translation up from the model's side with the
    /// photo's band alone.
    #[arg(long)]
    pub no_upscale: bool,
}

impl UpscaleArgs {
    /// The library's `upscale`.
    pub fn wanted(self) -> bool {
        !self.no_upscale
    }

    /// Refuses `--upscale` where no upscaler can run: a file without one, or detail drawn at the
    /// output's size, which replaces the enlargement.
    pub fn check(self, translator: &ace::Translator, detail_from: ace::DetailFrom) -> Result<()> {
        if self.upscale {
            anyhow::ensure!(
                translator.model().upscaler.is_some(),
                "--upscale needs a weights file with an upscaler, and this one has none (`ace train-upscaler` adds one)"
            );
            anyhow::ensure!(
                !detail_from.draws_at_output(),
                "--upscale enlarges the translation, and --detail-from {} redraws it at the output's size: choose one",
                detail_from.name()
            );
        }
        Ok(())
    }
}
