//! AFL target: the weights-file parser and loader (`cargo afl fuzz ... target/release/weights`).
fn main() {
    // No abort-on-panic hook: a panic the library catches and turns into its error is not a crash;
    // one that escapes still aborts (afl.rs catches it around the closure).
    afl::fuzz_nohook!(|bytes: &[u8]| {
        ace_fuzz::targets::weights(bytes);
    });
}
