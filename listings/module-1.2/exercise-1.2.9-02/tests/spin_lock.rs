//! What "done" means for Exercise 1.2.9-2.
use exercise_1_2_9_02::{NaiveRawLock, RawLock, RawSpinLock, SpinLock};
use loom::sync::Arc;
use loom::thread;

/// Two threads each add one to a counter under the lock, in every interleaving loom can
/// produce; the counter must end at 2, and no two threads may touch it at once.
fn two_increments<L: RawLock + Send + Sync + 'static>() {
    loom::model(|| {
        let counter = Arc::new(SpinLock::<u32, L>::new(0));
        let other = Arc::clone(&counter);
        let handle = thread::spawn(move || other.with_lock(|count| *count += 1));
        counter.with_lock(|count| *count += 1);
        handle.join().expect("thread panicked");
        assert_eq!(counter.with_lock(|count| *count), 2);
    });
}

#[test]
#[should_panic(expected = "Causality violation")]
fn loom_finds_the_naive_bug() {
    two_increments::<NaiveRawLock>();
}

#[test]
fn your_lock_survives_every_interleaving() {
    two_increments::<RawSpinLock>();
}

#[test]
fn your_lock_hands_data_from_one_holder_to_the_next() {
    loom::model(|| {
        let log = Arc::new(SpinLock::<Vec<&str>, RawSpinLock>::new(Vec::new()));
        let other = Arc::clone(&log);
        let handle = thread::spawn(move || other.with_lock(|log| log.push("spawned")));
        log.with_lock(|log| log.push("main"));
        handle.join().expect("thread panicked");
        let mut entries = log.with_lock(|log| log.clone());
        entries.sort_unstable();
        assert_eq!(entries, ["main", "spawned"]);
    });
}
