//! FxHash, the fast unkeyed hash of the Rust compiler, as the `rustc-hash` crate implemented it
//! up to version 1.2: rotate, XOR and multiply by a fixed constant per word. rustc-hash 2.0
//! (2024) replaced it with a different function (add, multiply by another constant, rotate in
//! `finish`). This crate depends on neither: it writes the 1.x algorithm from its description,
//! because that is small enough to read in full. Fast, good enough for keys nobody chose to
//! attack, and predictable by anyone, so never for keys an outsider controls (Listing 1.2.2-2).
use std::hash::{BuildHasherDefault, Hasher};

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
