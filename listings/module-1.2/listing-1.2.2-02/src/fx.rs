//! FxHash as in Listing 1.2.2-1: the fast unkeyed hash of the Rust compiler, as the `rustc-hash`
//! crate implemented it up to version 1.2 (rotate, XOR and multiply by a fixed constant per
//! word). rustc-hash 2.0 (2024) replaced it with a different function; `fx2.rs` has that one.
//! Both are written from their descriptions; this crate depends on neither. Predictable by
//! anyone, so never for keys an outsider controls: see `colliding_keys` in main.rs.
use std::hash::{BuildHasherDefault, Hasher};

// ANCHOR: fx
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Plug it into any map: `HashMap<K, V, FxBuildHasher>`.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
// ANCHOR_END: fx
