//! AFL target: the weights-file parser and loader (`cargo afl fuzz ... target/release/weights`).
fn main() {
    afl::fuzz!(|bytes: &[u8]| {
        ace_fuzz::targets::weights(bytes);
    });
}
