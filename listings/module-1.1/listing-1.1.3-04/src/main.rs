//! Listing 1.1.3-4: reads the process's own resident set size from `/proc/self/status` while it
//! allocates memory, touches it, and frees it.
use std::fs;
use std::io;

// ANCHOR: status
/// Resident memory in KiB, from `/proc/self/status`: now (`VmRSS`) and the most ever (`VmHWM`).
fn resident_kib() -> io::Result<(i64, i64)> {
    let status = fs::read_to_string("/proc/self/status")?;
    let field = |name: &str| -> io::Result<i64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| io::Error::other(format!("no {name} in /proc/self/status")))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}
// ANCHOR_END: status

const MIB: usize = 1 << 20;
const PAGE: usize = 4096;
/// 2^19 small boxes. glibc serves each 100-byte request with a 112-byte block (8 bytes for the
/// size field, rounded up to a multiple of 16: 12 bytes of overhead), so they fill exactly 56 MiB.
const BOXES: usize = 1 << 19;

/// Prints resident memory relative to where the program started, in whole MiB: the start itself
/// varies by a few dozen KiB from run to run, the growth does not.
struct Reporter {
    start_kib: i64,
}

impl Reporter {
    fn new() -> io::Result<Self> {
        let (start_kib, _) = resident_kib()?;
        println!(
            "{:<40} {:>12} {:>12}",
            "MiB above the start", "VmRSS", "VmHWM"
        );
        Ok(Reporter { start_kib })
    }

    fn report(&self, step: &str) -> io::Result<()> {
        let (rss, hwm) = resident_kib()?;
        let mib = |kib: i64| (kib - self.start_kib) as f64 / 1024.0;
        println!("{step:<40} {:>12.0} {:>12.0}", mib(rss), mib(hwm));
        Ok(())
    }
}

fn main() -> io::Result<()> {
    let memory = Reporter::new()?;

    // ANCHOR: big
    let mut big = vec![0u8; 256 * MIB];
    memory.report("256 MiB allocated with vec![0; n]")?;
    for page in big.chunks_mut(PAGE) {
        page[0] = 1;
    }
    memory.report("one byte written in every page")?;
    drop(big);
    memory.report("freed")?;
    // ANCHOR_END: big

    // ANCHOR: small
    let mut boxes: Vec<Box<[u8; 100]>> = (0..BOXES).map(|_| Box::new([1u8; 100])).collect();
    memory.report("2^19 boxes of 100 bytes")?;
    let mut seen = 0;
    boxes.retain(|_| {
        seen += 1;
        seen % 64 == 0
    });
    memory.report("all but every 64th box freed")?;
    drop(boxes);
    memory.report("the rest freed")?;
    let again: Vec<Box<[u8; 100]>> = (0..BOXES).map(|_| Box::new([2u8; 100])).collect();
    memory.report("2^19 new boxes of 100 bytes")?;
    drop(again);
    // ANCHOR_END: small
    Ok(())
}
