//! The integer part of FxHash as `rustc-hash` 2.1.1 and later compute it, written from its
//! description: each word is added to the state, the sum multiplied by a new odd constant, and
//! `finish` rotates the result left by 26 bits so that the well-mixed high bits land where hash
//! tables look (the low bits). rustc-hash 2.0 and 2.1.0 rotated by 20 instead; the attack below
//! works for any rotation, since a rotation by any amount can be undone. Strings get a different, faster function in rustc-hash 2; `write` here
//! only folds bytes into words, which is enough for this listing, whose keys are all `u64`.
//!
//! Better mixing does not make it safe against chosen keys. For one `u64` the whole function,
//! a multiplication by an odd number and a rotation, is a bijection that anyone can run
//! backwards: pick the hashes you want, and `key_for_hash` computes the keys that produce them.
use std::hash::{BuildHasherDefault, Hasher};

// ANCHOR: fx2
const K: u64 = 0xf135_7aea_2e62_a9c5;
const ROTATE: u32 = 26;

#[derive(Default, Clone, Copy)]
pub struct Fx2Hasher {
    hash: u64,
}

impl Hasher for Fx2Hasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.hash = self.hash.wrapping_add(value).wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        self.hash.rotate_left(ROTATE)
    }
}

/// The key whose hash is `hash`: undo the rotation, then multiply by the inverse of `K`.
pub fn key_for_hash(hash: u64) -> u64 {
    hash.rotate_right(ROTATE).wrapping_mul(inverse(K))
}

/// The inverse of an odd number modulo 2^64, by Newton's iteration: each step doubles the
/// number of correct low bits (an odd `x` is its own inverse modulo 8, 3 bits to start from).
const fn inverse(odd: u64) -> u64 {
    let mut x = odd;
    let mut step = 0;
    while step < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(x)));
        step += 1;
    }
    x
}
// ANCHOR_END: fx2

/// Plug it into any map: `HashMap<K, V, Fx2BuildHasher>`.
pub type Fx2BuildHasher = BuildHasherDefault<Fx2Hasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn the_inverse_is_an_inverse() {
        assert_eq!(K.wrapping_mul(inverse(K)), 1);
    }

    #[test]
    fn key_for_hash_runs_the_hash_backwards() {
        let hasher = Fx2BuildHasher::default();
        for key in [0, 1, 42, u64::MAX, 0xdead_beef] {
            assert_eq!(key_for_hash(hasher.hash_one(key)), key);
        }
        for hash in [0, 1 << 32, 7 << 40, u64::MAX] {
            assert_eq!(hasher.hash_one(key_for_hash(hash)), hash);
        }
    }
}
