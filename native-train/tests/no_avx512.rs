//! The native build carries gemm's AVX-512 kernels (burn's `x86-v4` feature) beside its AVX2 ones, and
//! pulp picks by the CPU at run time. On a CPU without AVX-512 the build must still run and give the
//! same pictures: the `ace` binary translates natively and under QEMU's user-mode emulation of an Intel
//! Haswell (AVX2 and FMA, no AVX-512; an AVX-512 instruction there is SIGILL), and the two pictures are
//! compared. The tiny model at 32 px without a style photo keeps the emulated run to seconds (QEMU runs
//! AVX2 code hundreds of times slower; the kernels are the same ones at any size). Needs `qemu-x86_64` (Debian's qemu-user; the test command installs it).
#![cfg(target_arch = "x86_64")]

mod common;

use std::process::Command;

use common::repo;

fn translate(weights: &std::path::Path, qemu_cpu: Option<&str>, out: &std::path::Path) {
    let ace = env!("CARGO_BIN_EXE_ace");
    let mut command = match qemu_cpu {
        Some(cpu) => {
            let mut c = Command::new("qemu-x86_64");
            c.args(["-cpu", cpu, ace]);
            c
        }
        None => Command::new(ace),
    };
    let run = command
        .args(["translate", "--backend", "cpu", "--seed", "7", "--max-side", "32", "--weights"])
        .arg(weights)
        .arg("--content")
        .arg(repo().join("assets/samples/chelsea.png"))
        .arg("--out")
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("running {command:?}: {e} (is qemu-user installed? apt-get install qemu-user)"));
    assert!(run.status.success(), "{qemu_cpu:?}: {:?}\n{}", run.status, String::from_utf8_lossy(&run.stderr));
}

#[test]
fn without_avx512_the_same_picture_comes_out() {
    let dir = common::scratch("no-avx512");
    let (weights, native, haswell) = (dir.join("tiny.safetensors"), dir.join("native.png"), dir.join("haswell.png"));
    let init = Command::new(env!("CARGO_BIN_EXE_ace"))
        .args(["init", "--preset", "tiny", "--out"])
        .arg(&weights)
        .arg("--calibrate")
        .arg(repo().join("assets/samples"))
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    translate(&weights, None, &native);
    translate(&weights, Some("Haswell"), &haswell);
    let (a, b) = (image::open(&native).unwrap().into_rgb8(), image::open(&haswell).unwrap().into_rgb8());
    assert_eq!(a.dimensions(), b.dimensions());
    // The kernels differ (vector widths change the order of the sums), the model does not.
    let max = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
    assert!(max <= 1, "native and Haswell pictures differ by up to {max}/255");
}
