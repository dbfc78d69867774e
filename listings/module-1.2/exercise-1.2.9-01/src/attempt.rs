// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.9-1`.
#![allow(unused_variables, unused_imports)]

use crate::{Account, TransferError};
use std::sync::PoisonError;

// ANCHOR: starter
/// Moves `amount` from `from` to `to`, holding both accounts' locks while it checks and moves
/// the money, and never deadlocking, whatever other transfers run at the same time.
///
/// - `from` and `to` the same account: `Err(SameAccount)`, without locking anything twice.
/// - Not enough money: `Err(InsufficientFunds)`, and nothing changes.
pub fn transfer(from: &Account, to: &Account, amount: u64) -> Result<(), TransferError> {
    todo!("lock the two accounts in an order every thread agrees on")
}
// ANCHOR_END: starter
