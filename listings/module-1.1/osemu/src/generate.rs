//! Random problems, generated the way the OSTEP homeworks generate them.
//!
//! Homework mode gives a learner a fresh problem from a seed. To make `-s 7` mean the same problem
//! here as in the Python tools, each generator reads the random stream in the same order and with
//! the same arithmetic as its Python counterpart (for example `int(maxlen * random()) + 1` for a
//! run time in `scheduler.py`). Parameters that would make a Python generator loop forever or
//! produce an invalid job are refused up front.

use crate::error::{Error, Result};
use crate::job::Job;
use crate::random::RandomSource;

/// Most jobs or addresses a generator draws: ten times the million-job runs of the book, and few
/// enough that a typo in `-j` or `-n` is an error instead of a machine out of memory.
pub const MAX_GENERATED: u64 = 10_000_000;

/// Checks that `count` is between 1 (or `minimum`) and [`MAX_GENERATED`].
fn count_in_range(name: &'static str, count: u64, minimum: u64) -> Result<()> {
    at_least(name, count, minimum)?;
    if count > MAX_GENERATED {
        return Err(Error::TooLarge(format!(
            "{name}: at most {MAX_GENERATED} can be generated (got {count})"
        )));
    }
    Ok(())
}

fn at_least(name: &'static str, value: u64, minimum: u64) -> Result<()> {
    if value < minimum {
        return Err(Error::argument(
            name,
            format!("must be at least {minimum} (got {value})"),
        ));
    }
    Ok(())
}

/// `scheduler.py`: run times uniform in 1..=maxlen, all jobs at time 0.
pub fn scheduler_jobs(random: &mut RandomSource, count: u64, maxlen: u64) -> Result<Vec<Job>> {
    count_in_range("jobs", count, 1)?;
    at_least("maxlen", maxlen, 1)?;
    (0..count as usize)
        .map(|id| Ok(Job::new(id, random.below(maxlen)? + 1)))
        .collect()
}

/// `lottery.py`: run times in 1..maxlen and tickets in 1..maxticket, redrawn while zero.
pub fn lottery_jobs(
    random: &mut RandomSource,
    count: u64,
    maxlen: u64,
    maxticket: u64,
) -> Result<Vec<Job>> {
    count_in_range("jobs", count, 1)?;
    // With 1, `int(1 * random())` is always 0 and the Python loop never ends.
    at_least("maxlen", maxlen, 2)?;
    at_least("maxticket", maxticket, 2)?;
    let mut nonzero_below = |bound: u64| -> Result<u64> {
        loop {
            let value = random.below(bound)?;
            if value != 0 {
                return Ok(value);
            }
        }
    };
    (0..count as usize)
        .map(|id| {
            let run = nonzero_below(maxlen)?;
            let tickets = nonzero_below(maxticket)?;
            Ok(Job::new(id, run).with_tickets(tickets))
        })
        .collect()
}

/// `mlfq.py`: run time `int(random() * (maxlen - 1) + 1)`, I/O frequency
/// `int(random() * (maxio - 1) + 1)`, all jobs at time 0; every I/O lasts `io_time`.
pub fn mlfq_jobs(
    random: &mut RandomSource,
    count: u64,
    maxlen: u64,
    maxio: u64,
    io_time: u64,
) -> Result<Vec<Job>> {
    count_in_range("jobs", count, 1)?;
    at_least("maxlen", maxlen, 1)?;
    (0..count as usize)
        .map(|id| {
            let run = (random.next_f64()? * (maxlen as f64 - 1.0) + 1.0) as u64;
            let io_every = (random.next_f64()? * (maxio as f64 - 1.0) + 1.0).max(0.0) as u64;
            let job = Job::new(id, run);
            Ok(if io_every > 0 {
                job.with_io(io_every, io_time)
            } else {
                job
            })
        })
        .collect()
}

/// `paging-policy.py`: page numbers uniform in 0..maxpage.
pub fn page_references(random: &mut RandomSource, count: u64, maxpage: u64) -> Result<Vec<u64>> {
    count_in_range("numaddrs", count, 1)?;
    at_least("maxpage", maxpage, 1)?;
    (0..count).map(|_| random.below(maxpage)).collect()
}

/// `paging-linear-translate.py`: each virtual page is valid with probability `used`%, and a
/// valid one gets a physical frame drawn at random until a free one comes up.
pub fn page_table(
    random: &mut RandomSource,
    virtual_pages: u64,
    physical_pages: u64,
    used_percent: u64,
) -> Result<Vec<Option<u64>>> {
    if used_percent > 100 {
        return Err(Error::argument(
            "used",
            format!("is a percentage, at most 100 (got {used_percent})"),
        ));
    }
    if virtual_pages > physical_pages {
        return Err(Error::argument(
            "physmem",
            "must hold at least as many pages as the address space, or frames run out",
        ));
    }
    let mut taken = vec![false; physical_pages as usize];
    let mut table = Vec::with_capacity(virtual_pages as usize);
    for _ in 0..virtual_pages {
        loop {
            if random.next_f64()? * 100.0 > 100.0 - used_percent as f64 {
                let frame = random.below(physical_pages)?;
                if !taken[frame as usize] {
                    taken[frame as usize] = true;
                    table.push(Some(frame));
                    break;
                }
            } else {
                table.push(None);
                break;
            }
        }
    }
    Ok(table)
}

/// `paging-linear-translate.py`: virtual addresses uniform in the address space.
pub fn virtual_addresses(
    random: &mut RandomSource,
    count: u64,
    address_space: u64,
) -> Result<Vec<u64>> {
    count_in_range("numaddrs", count, 0)?;
    (0..count).map(|_| random.below(address_space)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Counts past the limit are refused before a single draw: an empty list of draws would run
    // out at the first one, so this error can only come from the check.
    #[test]
    fn too_many_jobs_or_addresses_are_refused_up_front() {
        let none = || RandomSource::from_list(Vec::new()).expect("an empty list");
        let too_many = MAX_GENERATED + 1;
        let errors = [
            scheduler_jobs(&mut none(), too_many, 10).map(|_| ()),
            lottery_jobs(&mut none(), too_many, 10, 100).map(|_| ()),
            mlfq_jobs(&mut none(), too_many, 10, 5, 5).map(|_| ()),
            page_references(&mut none(), too_many, 10).map(|_| ()),
            virtual_addresses(&mut none(), too_many, 16).map(|_| ()),
        ];
        for error in errors {
            assert!(matches!(error, Err(Error::TooLarge(_))), "{error:?}");
        }
    }

    // Given draws 0.0, 0.95 and 0.5 with maxlen 10: int(10 * 0.0) + 1 = 1,
    // int(10 * 0.95) + 1 = 10, int(10 * 0.5) + 1 = 6.
    #[test]
    fn scheduler_run_times_follow_the_python_formula() {
        let mut random = RandomSource::parse_list("0.0,0.95,0.5").expect("valid");
        let jobs = scheduler_jobs(&mut random, 3, 10).expect("enough draws");
        let runs: Vec<u64> = jobs.iter().map(|j| j.run).collect();
        assert_eq!(runs, [1, 10, 6]);
    }

    // Draws 0.05 (int(10 * 0.05) = 0, redrawn), 0.35 -> run 3, then 0.001 (int(100 * 0.001) = 0,
    // redrawn), 0.42 -> 42 tickets.
    #[test]
    fn lottery_jobs_redraw_zeros() {
        let mut random = RandomSource::parse_list("0.05,0.35,0.001,0.42").expect("valid");
        let jobs = lottery_jobs(&mut random, 1, 10, 100).expect("enough draws");
        assert_eq!((jobs[0].run, jobs[0].tickets), (3, 42));
        assert!(lottery_jobs(&mut RandomSource::seeded(0), 1, 1, 100).is_err());
    }

    // Draws 0.5 and 0.5 with maxlen 100, maxio 10: run int(0.5 * 99 + 1) = 50,
    // I/O every int(0.5 * 9 + 1) = 5.
    #[test]
    fn mlfq_jobs_follow_the_python_formula() {
        let mut random = RandomSource::parse_list("0.5,0.5").expect("valid");
        let jobs = mlfq_jobs(&mut random, 1, 100, 10, 5).expect("enough draws");
        assert_eq!(jobs[0].run, 50);
        assert_eq!(jobs[0].io.map(|io| io.every), Some(5));
    }

    // -M at its edges, with draws 0.5: maxio 0 gives int(0.5 * -1 + 1) = 0, no I/O; maxio 1 gives
    // int(0.5 * 0 + 1) = 1, an I/O after every tick; maxlen 1 gives run int(0.5 * 0 + 1) = 1.
    #[test]
    fn mlfq_io_frequency_at_the_edges_of_maxio() {
        let mut random = RandomSource::parse_list("0.5,0.5,0.5,0.5").expect("valid");
        let none = mlfq_jobs(&mut random, 1, 100, 0, 5).expect("enough draws");
        let every_tick = mlfq_jobs(&mut random, 1, 1, 1, 5).expect("enough draws");
        assert_eq!(none[0].io, None);
        assert_eq!(every_tick[0].run, 1);
        assert_eq!(every_tick[0].io.map(|io| io.every), Some(1));
    }

    // Four virtual pages, four frames, 50% used. Draws: 0.9 (90 > 50: valid) then 0.3 -> frame
    // int(4 * 0.3) = 1; 0.2 (20 <= 50: invalid); 0.6 (valid) then 0.3 -> frame 1 again, taken, so
    // draw again: 0.7 (valid) then 0.0 -> frame 0; 0.1: invalid.
    #[test]
    fn page_tables_redraw_taken_frames() {
        let mut random =
            RandomSource::parse_list("0.9,0.3,0.2,0.6,0.3,0.7,0.0,0.1").expect("valid");
        let table = page_table(&mut random, 4, 4, 50).expect("enough draws");
        assert_eq!(table, [Some(1), None, Some(0), None]);
    }
}
