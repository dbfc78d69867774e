//! FxHash (the same as in Listing 1.2-10), the fast non-keyed hash the Rust compiler uses for its own tables.
//!
//! It is a multiply and a rotate per word: very fast, good enough for keys nobody chose to
//! attack, and trivially predictable, so never for keys an outsider controls (see `colliding_keys`
//! in main.rs). The constant is from the `rustc-hash` crate; the code is written from its description.
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
