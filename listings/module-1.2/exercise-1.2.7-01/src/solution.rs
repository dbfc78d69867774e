use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard};

// ANCHOR: solution
pub struct StripedCounter {
    stripes: Box<[Mutex<HashMap<String, u64>>]>,
    hasher: RandomState,
}

impl StripedCounter {
    pub fn new(stripes: usize) -> Self {
        let stripes = (0..stripes.max(1))
            .map(|_| Mutex::new(HashMap::new()))
            .collect();
        StripedCounter {
            stripes,
            hasher: RandomState::new(),
        }
    }

    pub fn stripes(&self) -> usize {
        self.stripes.len()
    }

    pub fn stripe_of(&self, key: &str) -> usize {
        // High bits pick the stripe: the HashMap inside uses the low bits of its own hash.
        (self.hasher.hash_one(key) >> 32) as usize % self.stripes.len()
    }

    fn lock_stripe_of(&self, key: &str) -> MutexGuard<'_, HashMap<String, u64>> {
        lock(&self.stripes[self.stripe_of(key)])
    }

    pub fn update<R>(&self, key: &str, change: impl FnOnce(&mut u64) -> R) -> R {
        let mut stripe = self.lock_stripe_of(key);
        match stripe.get_mut(key) {
            Some(count) => change(count),
            None => change(stripe.entry(key.to_owned()).or_insert(0)),
        }
    }

    pub fn add(&self, key: &str, n: u64) {
        self.update(key, |count| *count += n);
    }

    pub fn get(&self, key: &str) -> u64 {
        self.lock_stripe_of(key).get(key).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.stripes
            .iter()
            .map(|stripe| lock(stripe).values().sum::<u64>())
            .sum()
    }

    pub fn top(&self, k: usize) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> = self
            .stripes
            .iter()
            .flat_map(|stripe| {
                let stripe = lock(stripe);
                stripe
                    .iter()
                    .map(|(key, n)| (key.clone(), *n))
                    .collect::<Vec<_>>()
            })
            .collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(k);
        all
    }
}

/// A counter is still consistent after a panic elsewhere (each update is one `+=`), so a
/// poisoned stripe is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}
// ANCHOR_END: solution
