use listing_1_2_9_01::{InsufficientFunds, two_racy_withdrawals, two_withdrawals};

const START: u64 = 100;
const AMOUNT: u64 = 80;

fn report(label: &str, balance: u64, mut results: Vec<Result<u64, InsufficientFunds>>) {
    results.sort_by_key(Result::is_err);
    println!("{label}: start {START}, two withdrawals of {AMOUNT}");
    for result in &results {
        println!("  {result:?}");
    }
    let paid = results.iter().filter(|result| result.is_ok()).count() as u64 * AMOUNT;
    println!(
        "  paid out {paid}, final balance {balance}, money created {}",
        (paid + balance).saturating_sub(START)
    );
}

fn main() {
    let (account, results) = two_racy_withdrawals(START, AMOUNT);
    report("racy", account.balance(), results);
    let (account, results) = two_withdrawals(START, AMOUNT);
    report("fixed", account.balance(), results);
}
