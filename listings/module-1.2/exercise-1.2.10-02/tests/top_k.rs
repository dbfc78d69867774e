//! What "done" means for Exercise 1.2.10-2.
use exercise_1_2_10_02::top_k_streaming;
use proptest::prelude::*;

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items
        .iter()
        .map(|&(key, count)| (key.to_string(), count))
        .collect()
}

/// The obvious answer: sort everything, keep the first k.
fn by_sorting(mut all: Vec<(String, u64)>, k: usize) -> Vec<(String, u64)> {
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

#[test]
fn highest_counts_first_ties_by_key() {
    let input = pairs(&[("/b", 5), ("/a", 5), ("/c", 9), ("/d", 1), ("/e", 5)]);
    assert_eq!(
        top_k_streaming(input.clone(), 3),
        pairs(&[("/c", 9), ("/a", 5), ("/b", 5)])
    );
    assert_eq!(
        top_k_streaming(input.clone(), 10),
        by_sorting(input.clone(), 10)
    );
    assert_eq!(top_k_streaming(input, 0), []);
    assert_eq!(top_k_streaming(Vec::new(), 3), []);
}

#[test]
fn works_on_a_stream_larger_than_k() {
    let stream = || (0..100_000u64).map(|i| (format!("/p{i}"), i % 997));
    let top = top_k_streaming(stream(), 3);
    assert_eq!(
        top,
        pairs(&[("/p10966", 996), ("/p11963", 996), ("/p12960", 996)])
    );
    assert_eq!(top, by_sorting(stream().collect(), 3));
}

proptest! {
    #[test]
    fn agrees_with_sorting(
        items in prop::collection::vec(("[a-d]{1,2}", 0u64..6), 0..60),
        k in 0usize..12,
    ) {
        prop_assert_eq!(top_k_streaming(items.clone(), k), by_sorting(items, k));
    }
}
