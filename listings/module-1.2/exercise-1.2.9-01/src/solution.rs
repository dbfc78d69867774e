use crate::{Account, TransferError};
use std::sync::PoisonError;

// ANCHOR: solution
pub fn transfer(from: &Account, to: &Account, amount: u64) -> Result<(), TransferError> {
    if from.id == to.id {
        return Err(TransferError::SameAccount(from.id));
    }
    // One global order: lower id first. A cycle of waiting threads would need some thread to
    // hold a higher id while waiting for a lower one, and no thread ever does that.
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_balance = first.balance.lock().unwrap_or_else(PoisonError::into_inner);
    let mut second_balance = second
        .balance
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let (source, destination) = if first.id == from.id {
        (&mut *first_balance, &mut *second_balance)
    } else {
        (&mut *second_balance, &mut *first_balance)
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
// ANCHOR_END: solution
