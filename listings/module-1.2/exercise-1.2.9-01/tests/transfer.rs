//! What "done" means for Exercise 1.2.9-1.
//!
//! A deadlocked test would hang forever, so the concurrent tests run their work on a separate
//! thread and fail if it has not finished within a deadline.
use exercise_1_2_9_01::{Account, TransferError, transfer};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `work` on its own thread; panics if it takes longer than `DEADLINE` (a deadlock).
fn within_deadline<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        // The receiver is gone only if the test already failed; nothing to report then.
        let _ = done.send(work());
    });
    finished
        .recv_timeout(DEADLINE)
        .expect("transfers did not finish in 10 s: deadlock?")
}

#[test]
fn moves_money_between_two_accounts() {
    let (a, b) = (Account::new(1, 100), Account::new(2, 50));
    assert_eq!(transfer(&a, &b, 30), Ok(()));
    assert_eq!(transfer(&b, &a, 80), Ok(()));
    assert_eq!((a.balance(), b.balance()), (150, 0));
}

#[test]
fn refuses_an_overdraft_and_changes_nothing() {
    let (a, b) = (Account::new(1, 10), Account::new(2, 0));
    assert_eq!(
        transfer(&a, &b, 11),
        Err(TransferError::InsufficientFunds {
            account: 1,
            balance: 10,
            amount: 11
        })
    );
    assert_eq!((a.balance(), b.balance()), (10, 0));
}

#[test]
fn refuses_a_transfer_to_the_same_account() {
    let outcome = within_deadline(|| {
        let a = Account::new(7, 10);
        (transfer(&a, &a, 1), a.balance())
    });
    assert_eq!(outcome, (Err(TransferError::SameAccount(7)), 10));
}

#[test]
fn opposite_transfers_never_deadlock() {
    let balances = within_deadline(|| {
        let accounts = Arc::new([Account::new(1, 1_000_000), Account::new(2, 1_000_000)]);
        let start = Arc::new(Barrier::new(4));
        let handles: Vec<_> = [(0, 1), (1, 0), (0, 1), (1, 0)]
            .into_iter()
            .map(|(from, to)| {
                let accounts = Arc::clone(&accounts);
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    for _ in 0..200_000 {
                        transfer(&accounts[from], &accounts[to], 1).expect("enough money");
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("transfer thread panicked");
        }
        (accounts[0].balance(), accounts[1].balance())
    });
    assert_eq!(balances, (1_000_000, 1_000_000));
}

#[test]
fn a_ring_of_transfers_never_deadlocks_and_conserves_money() {
    let total = within_deadline(|| {
        let accounts: Arc<Vec<Account>> =
            Arc::new((0..5).map(|id| Account::new(id, 1_000)).collect());
        let start = Arc::new(Barrier::new(5));
        // Thread k sends from account k to account k + 1 (mod 5): a cycle of five, which with
        // source-first locking deadlocks as soon as each thread holds its first lock.
        let handles: Vec<_> = (0..5)
            .map(|k| {
                let accounts = Arc::clone(&accounts);
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    for _ in 0..50_000 {
                        // A refusal for lack of money is fine; a deadlock is not.
                        let _ = transfer(&accounts[k], &accounts[(k + 1) % 5], 3);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("transfer thread panicked");
        }
        accounts.iter().map(Account::balance).sum::<u64>()
    });
    assert_eq!(total, 5_000);
}
