//! `ace pack` and `ace unpack`: a run's latest checkpoint made small enough to commit (no optimiser
//! moments, no discriminator VGG, what trains in half precision), and put back into a run folder on
//! another machine, where `--resume` continues it (docs/training.md, "Runs that survive a new machine").

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::train::packed;

#[derive(Args)]
pub struct PackArgs {
    /// A checkpoint folder, or a run's output folder (its latest checkpoint is packed).
    #[arg(long, value_name = "RUN")]
    pub checkpoint: PathBuf,
    /// The packed checkpoint's folder (replaced once the new one is complete).
    #[arg(long, value_name = "FOLDER")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct UnpackArgs {
    /// A folder `ace pack` wrote.
    #[arg(long, value_name = "FOLDER")]
    pub packed: PathBuf,
    /// The run folder to continue (`ace pretrain --resume --out` the same folder).
    #[arg(long, value_name = "RUN")]
    pub out: PathBuf,
}

pub fn pack(args: PackArgs) -> Result<()> {
    let packed = packed::pack(&args.checkpoint, &args.out)?;
    if packed.as_it_was {
        println!(
            "packed step {} of {} into {}: it was packed already (a run not checkpointed since it was unpacked), copied as it is ({:.1} MB)",
            packed.step,
            args.checkpoint.display(),
            args.out.display(),
            packed.bytes_after as f64 / 1e6
        );
        return Ok(());
    }
    println!(
        "packed step {} of {} into {}: {:.1} MB -> {:.1} MB ({} trained tensors in half precision, {} kept exact, {} left out: \
         the discriminator's VGG and the average's copies of the generator's; no optimiser moments)",
        packed.step,
        args.checkpoint.display(),
        args.out.display(),
        packed.bytes_before as f64 / 1e6,
        packed.bytes_after as f64 / 1e6,
        packed.halved,
        packed.kept,
        packed.dropped
    );
    Ok(())
}

pub fn unpack(args: UnpackArgs) -> Result<()> {
    let installed = packed::unpack(&args.packed, &args.out)?;
    println!(
        "unpacked {} as {}: `ace pretrain --resume --out {}` continues it (its optimiser moments start afresh)",
        args.packed.display(),
        installed.display(),
        args.out.display()
    );
    Ok(())
}
