//! Ctrl-C during training (or SIGTERM or SIGHUP: what `timeout`, `kill` and a shutdown send): the first
//! one asks the loop to stop after the step in progress and write a checkpoint (`--resume` continues
//! from it), and the command then exits with status 130; a second one ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};

static ASKED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (the commands that train call this; a library caller keeps its own).
pub fn install() -> anyhow::Result<()> {
    match ctrlc::set_handler(|| {
        if ASKED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ninterrupted: stopping after this step with a checkpoint (a second Ctrl-C quits at once)");
    }) {
        Ok(()) | Err(ctrlc::Error::MultipleHandlers) => Ok(()),
        Err(e) => Err(anyhow::anyhow!("installing the Ctrl-C handler: {e}")),
    }
}

/// Whether Ctrl-C (or a termination signal) asked the run to stop.
pub fn asked() -> bool {
    ASKED.load(Ordering::SeqCst)
}
