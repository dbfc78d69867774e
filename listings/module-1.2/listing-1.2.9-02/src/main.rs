use listing_1_2_9_02::{Account, LockOrder, Step, opposite_transfers, transfer_with};
use std::sync::Barrier;
use std::thread;

// ANCHOR: main
fn main() {
    let (a, b) = (Account::new(1, 100), Account::new(2, 100));

    // Force the bad interleaving: each thread takes its first lock and waits for the other to
    // do the same before reaching for its second. After giving up it waits again, so that
    // neither thread's timeout lets the other through.
    let barrier = Barrier::new(2);
    let forced = |_step: Step| {
        barrier.wait();
    };
    thread::scope(|scope| {
        let one = scope.spawn(|| transfer_with(&a, &b, 10, LockOrder::SourceFirst, forced));
        let two = scope.spawn(|| transfer_with(&b, &a, 10, LockOrder::SourceFirst, forced));
        for (name, handle) in [("1 -> 2", one), ("2 -> 1", two)] {
            match handle.join().expect("transfer panicked") {
                Ok(()) => println!("source first, transfer {name}: done"),
                Err(error) => println!("source first, transfer {name}: {error}"),
            }
        }
    });

    // The fix: both directions lock account 1 first. Hammer it from two threads.
    let (a, b) = (Account::new(1, 10_000), Account::new(2, 10_000));
    let failures = opposite_transfers(&a, &b, 10_000, LockOrder::ById);
    println!("ordered by id: 20000 opposite transfers, {failures} failed");
    let (balance_a, balance_b) = (
        a.balance().unwrap_or_default(),
        b.balance().unwrap_or_default(),
    );
    println!(
        "balances {balance_a} and {balance_b}, total {}",
        balance_a + balance_b
    );
}
// ANCHOR_END: main
