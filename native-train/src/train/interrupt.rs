//! Ctrl-C during training: the first one asks the loop to stop after the step in progress and write a
//! checkpoint (`--resume` continues from it); a second one ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};

static ASKED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (the commands that train call this; a library caller keeps its own).
pub fn install() -> anyhow::Result<()> {
    match ctrlc::set_handler(|| {
        if ASKED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nCtrl-C: stopping after this step with a checkpoint (Ctrl-C again quits at once)");
    }) {
        Ok(()) | Err(ctrlc::Error::MultipleHandlers) => Ok(()),
        Err(e) => Err(anyhow::anyhow!("installing the Ctrl-C handler: {e}")),
    }
}

/// Whether Ctrl-C asked the run to stop.
pub fn asked() -> bool {
    ASKED.load(Ordering::SeqCst)
}
