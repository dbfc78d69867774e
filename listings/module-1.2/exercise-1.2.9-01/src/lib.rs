//! Exercise 1.2.9-1: a transfer between two accounts that cannot deadlock.
//!
//! Each account has its own lock, so transfers between unrelated accounts run in parallel. The
//! tests in `tests/` say what "done" means:
//!
//! ```text
//! cargo xtask exercise 1.2.9-1
//! ```

use std::fmt;
use std::sync::{Mutex, PoisonError};

/// An account with its own lock. `id`s are unique within a bank.
#[derive(Debug)]
pub struct Account {
    pub id: u32,
    pub balance: Mutex<u64>,
}

impl Account {
    pub fn new(id: u32, balance: u64) -> Self {
        Self {
            id,
            balance: Mutex::new(balance),
        }
    }

    pub fn balance(&self) -> u64 {
        *self.balance.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferError {
    /// `from` and `to` are the same account.
    SameAccount(u32),
    InsufficientFunds {
        account: u32,
        balance: u64,
        amount: u64,
    },
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameAccount(id) => write!(f, "cannot transfer from account {id} to itself"),
            Self::InsufficientFunds {
                account,
                balance,
                amount,
            } => write!(f, "account {account} holds {balance}, cannot send {amount}"),
        }
    }
}

impl std::error::Error for TransferError {}

// ANCHOR: naive
/// The version to fix: it locks the source, then the destination. Two opposite transfers can
/// each hold their first lock and wait forever for the other's. (And a transfer from an account
/// to itself locks the same mutex twice, which deadlocks or panics.)
pub fn naive_transfer(from: &Account, to: &Account, amount: u64) -> Result<(), TransferError> {
    let mut source = from.balance.lock().unwrap_or_else(PoisonError::into_inner);
    let mut destination = to.balance.lock().unwrap_or_else(PoisonError::into_inner);
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
// ANCHOR_END: naive

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::transfer;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::transfer;
