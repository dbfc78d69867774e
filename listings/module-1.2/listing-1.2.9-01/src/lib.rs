//! A bank account whose withdrawals are each made of two locked steps, and why that is a race
//! even though every access to the balance holds the lock.

use std::sync::{Barrier, Mutex, PoisonError};

/// Why a withdrawal was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct InsufficientFunds {
    pub balance: u64,
    pub requested: u64,
}

#[derive(Debug)]
pub struct Account {
    balance: Mutex<u64>,
}

// ANCHOR: racy
impl Account {
    pub fn new(balance: u64) -> Self {
        Self {
            balance: Mutex::new(balance),
        }
    }

    pub fn balance(&self) -> u64 {
        *self.balance.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Check, then act, in two separate critical sections. `between` runs in the gap; in
    /// production code it is whatever happens to be there (a log line, a call, a preemption).
    pub fn withdraw_racy(
        &self,
        amount: u64,
        between: impl FnOnce(),
    ) -> Result<u64, InsufficientFunds> {
        let balance = self.balance();
        if balance < amount {
            return Err(InsufficientFunds {
                balance,
                requested: amount,
            });
        }
        between();
        let new_balance = balance - amount;
        *self.balance.lock().unwrap_or_else(PoisonError::into_inner) = new_balance;
        Ok(new_balance)
    }
    // ANCHOR_END: racy

    // ANCHOR: fixed
    /// Check and act under one lock: no other withdrawal can run between them.
    pub fn withdraw(&self, amount: u64, between: impl FnOnce()) -> Result<u64, InsufficientFunds> {
        let mut balance = self.balance.lock().unwrap_or_else(PoisonError::into_inner);
        if *balance < amount {
            return Err(InsufficientFunds {
                balance: *balance,
                requested: amount,
            });
        }
        between();
        *balance -= amount;
        Ok(*balance)
    }
    // ANCHOR_END: fixed
}

// ANCHOR: forced
/// Two threads withdraw `amount` each from an account holding `start`. A barrier inside the
/// gap holds both threads there until both have checked the balance, which makes the bad
/// interleaving happen every time instead of once in a million runs.
pub fn two_racy_withdrawals(
    start: u64,
    amount: u64,
) -> (Account, Vec<Result<u64, InsufficientFunds>>) {
    let account = Account::new(start);
    let both_checked = Barrier::new(2);
    let results = on_two_threads(|| {
        account.withdraw_racy(amount, || {
            both_checked.wait();
        })
    });
    (account, results)
}
// ANCHOR_END: forced

/// Runs `withdraw` on two scoped threads at once and returns both results, in spawn order.
fn on_two_threads<T: Send>(withdraw: impl Fn() -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2).map(|_| scope.spawn(&withdraw)).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("withdrawal panicked"))
            .collect()
    })
}

/// The same two withdrawals with the fixed method. A barrier would now deadlock (the first
/// thread would wait in the gap while holding the lock the second needs), so nothing is
/// forced: whichever thread gets the lock first checks and acts before the other starts.
pub fn two_withdrawals(start: u64, amount: u64) -> (Account, Vec<Result<u64, InsufficientFunds>>) {
    let account = Account::new(start);
    let results = on_two_threads(|| account.withdraw(amount, std::thread::yield_now));
    (account, results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forced_interleaving_pays_out_twice_and_loses_an_update() {
        let (account, results) = two_racy_withdrawals(100, 80);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        // 160 paid out of an account that held 100, and the balance says 20.
        assert_eq!(account.balance(), 20);
    }

    #[test]
    fn one_critical_section_refuses_the_second_withdrawal() {
        for _ in 0..100 {
            let (account, results) = two_withdrawals(100, 80);
            assert_eq!(account.balance(), 20);
            let refused = results.iter().filter(|result| result.is_err()).count();
            assert_eq!(refused, 1, "{results:?}");
        }
    }
}
