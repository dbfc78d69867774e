//! Transfers between accounts that each have their own lock, so that unrelated transfers run in
//! parallel. A transfer needs two locks, which is where deadlock comes from.
//!
//! Every lock is taken with a timeout (`parking_lot`'s `try_lock_for`), so a deadlock shows up
//! as an error after a fraction of a second instead of a program that hangs forever.

use parking_lot::{Mutex, MutexGuard};
use std::time::Duration;

/// How long to wait for a lock before calling it a (probable) deadlock.
pub const LOCK_TIMEOUT: Duration = Duration::from_millis(100);

#[derive(Debug)]
pub struct Account {
    pub id: u32,
    balance: Mutex<u64>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TransferError {
    #[error("holding account {held}, gave up waiting for account {wanted}")]
    LockTimeout { held: u32, wanted: u32 },
    #[error("gave up waiting for account {0}")]
    FirstLockTimeout(u32),
    #[error("account {account} holds {balance}, cannot send {amount}")]
    InsufficientFunds {
        account: u32,
        balance: u64,
        amount: u64,
    },
}

/// In which order a transfer takes its two locks.
#[derive(Clone, Copy, Debug)]
pub enum LockOrder {
    /// Source account first: the natural way to write it, and the one that deadlocks.
    SourceFirst,
    /// Lower id first, whatever the direction: every thread agrees on one global order.
    ById,
}

/// Points in a transfer where a test can intervene, to force an interleaving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    FirstLockTaken,
    GaveUp,
}

impl Account {
    pub fn new(id: u32, balance: u64) -> Self {
        Self {
            id,
            balance: Mutex::new(balance),
        }
    }

    pub fn balance(&self) -> Option<u64> {
        self.balance
            .try_lock_for(LOCK_TIMEOUT)
            .map(|balance| *balance)
    }

    fn lock(&self) -> Option<MutexGuard<'_, u64>> {
        self.balance.try_lock_for(LOCK_TIMEOUT)
    }
}

// ANCHOR: transfer
/// Moves `amount` from `from` to `to`, calling `at` at the interesting steps.
pub fn transfer_with(
    from: &Account,
    to: &Account,
    amount: u64,
    order: LockOrder,
    at: impl Fn(Step),
) -> Result<(), TransferError> {
    let (first, second) = match order {
        LockOrder::SourceFirst => (from, to),
        LockOrder::ById if from.id <= to.id => (from, to),
        LockOrder::ById => (to, from),
    };
    let mut first_guard = first
        .lock()
        .ok_or(TransferError::FirstLockTimeout(first.id))?;
    at(Step::FirstLockTaken);
    let Some(mut second_guard) = second.lock() else {
        at(Step::GaveUp);
        return Err(TransferError::LockTimeout {
            held: first.id,
            wanted: second.id,
        });
    };
    // Both balances are locked: find which guard is the source's, and move the money.
    let (source, destination) = if first.id == from.id {
        (&mut *first_guard, &mut *second_guard)
    } else {
        (&mut *second_guard, &mut *first_guard)
    };
    if *source < amount {
        return Err(TransferError::InsufficientFunds {
            account: from.id,
            balance: *source,
            amount,
        });
    }
    *source -= amount;
    *destination += amount;
    Ok(())
}
// ANCHOR_END: transfer

/// A transfer with nothing forced.
pub fn transfer(
    from: &Account,
    to: &Account,
    amount: u64,
    order: LockOrder,
) -> Result<(), TransferError> {
    transfer_with(from, to, amount, order, |_| {})
}

/// Two threads at once: one makes `count` transfers of 1 from `a` to `b`, the other `count`
/// from `b` to `a`, both taking locks in `order`. Returns how many of the transfers failed.
pub fn opposite_transfers(a: &Account, b: &Account, count: usize, order: LockOrder) -> usize {
    let failures = |from, to| {
        (0..count)
            .filter(|_| transfer(from, to, 1, order).is_err())
            .count()
    };
    std::thread::scope(|scope| {
        let one = scope.spawn(|| failures(a, b));
        let two = scope.spawn(|| failures(b, a));
        one.join().expect("transfer panicked") + two.join().expect("transfer panicked")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn opposite_transfers_with_source_first_deadlock_when_forced() {
        let (a, b) = (Account::new(1, 100), Account::new(2, 100));
        // Both threads take their first lock, then both try for the second: a cycle.
        let barrier = Barrier::new(2);
        let forced = |_step: Step| {
            barrier.wait();
        };
        let (one, two) = thread::scope(|scope| {
            let one = scope.spawn(|| transfer_with(&a, &b, 10, LockOrder::SourceFirst, forced));
            let two = scope.spawn(|| transfer_with(&b, &a, 10, LockOrder::SourceFirst, forced));
            (one.join().expect("panicked"), two.join().expect("panicked"))
        });
        assert_eq!(one, Err(TransferError::LockTimeout { held: 1, wanted: 2 }));
        assert_eq!(two, Err(TransferError::LockTimeout { held: 2, wanted: 1 }));
        assert_eq!((a.balance(), b.balance()), (Some(100), Some(100)));
    }

    #[test]
    fn ordering_by_id_never_times_out_and_conserves_money() {
        let (a, b) = (Account::new(1, 5_000), Account::new(2, 5_000));
        assert_eq!(opposite_transfers(&a, &b, 5_000, LockOrder::ById), 0);
        assert_eq!((a.balance(), b.balance()), (Some(5_000), Some(5_000)));
    }

    #[test]
    fn insufficient_funds_is_refused() {
        let (a, b) = (Account::new(1, 5), Account::new(2, 0));
        assert_eq!(
            transfer(&a, &b, 10, LockOrder::ById),
            Err(TransferError::InsufficientFunds {
                account: 1,
                balance: 5,
                amount: 10
            })
        );
    }
}
