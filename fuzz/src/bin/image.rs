//! AFL target: image decoding and fitting (`cargo afl fuzz ... target/release/image`).
fn main() {
    afl::fuzz!(|bytes: &[u8]| {
        ace_fuzz::targets::image(bytes);
    });
}
