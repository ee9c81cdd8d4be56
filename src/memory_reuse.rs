//! A native program's choice, offered to it: let the C allocator keep freed memory for the next tensor.
//!
//! burn's CPU backend allocates a fresh buffer for nearly every operation's result and frees it soon
//! after. glibc's malloc serves blocks above its mmap threshold (128 KiB at first, raised as big blocks
//! come and go) from fresh pages of the kernel, hands them back when they are freed, and trims the top
//! of its heaps past its trim threshold, so each translation pays again for pages the last one gave
//! back: at 256 px about 21,000 page faults a translation, a sixth of its time on two threads
//! (BENCHMARKS.md, "Memory kept for reuse"). ONNX Runtime keeps its own arena for the same reason.
//! Raising both thresholds keeps the pages in the process. The cost: up to [`KEPT_AT_MOST`] of freed
//! memory stays resident after a large translation, so it is the program's decision (the `ace` command
//! line makes it), never made behind a caller's back by the library.

/// Blocks up to this size come from the heap instead of their own mapping: glibc's largest accepted
/// value on 64-bit (`HEAP_MAX_SIZE / 2`). A 256 px translation's maps are all below it; larger maps are
/// mapped and returned each time, as before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_BLOCKS_UP_TO: i32 = 32 << 20;

/// Freed memory a heap keeps before giving its top back to the kernel.
pub const KEPT_AT_MOST: u64 = 1 << 30;

/// Tells glibc's malloc to keep freed memory for reuse (see the module's documentation). Call it once,
/// early in `main`, before any translation. Returns whether it applied: `false` on any C library but
/// glibc (musl, macOS, Windows, wasm), where nothing changes, and where `ACE_GLIBC_DEFAULTS` is set in
/// the environment (a program measured as it runs without this call, in the same binary, as
/// `ACE_CPU_CONV=burn` does for the convolution). It changes the whole process's allocator, which is
/// why the library never calls it itself.
pub fn keep_freed_memory() -> bool {
    if std::env::var_os("ACE_GLIBC_DEFAULTS").is_some() {
        return false;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets two of malloc's tuning parameters; it is safe to call at any time.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, KEPT_AT_MOST as i32) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn applies_on_glibc_and_nowhere_else() {
        let asked_not_to = std::env::var_os("ACE_GLIBC_DEFAULTS").is_some();
        assert_eq!(super::keep_freed_memory(), cfg!(all(target_os = "linux", target_env = "gnu")) && !asked_not_to);
    }
}
