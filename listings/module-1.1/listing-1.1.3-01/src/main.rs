//! Listing 1.1.3-1: finds out where values live, by looking each address up in the process's own
//! memory map, `/proc/self/maps`.
use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::AtomicU64;

/// One line of `/proc/self/maps`: an address range and what is mapped there.
struct Region {
    start: usize,
    end: usize,
    /// Read, write, execute, and private or shared: `r-xp` is private, executable code.
    permissions: String,
    /// `[stack]`, `[heap]`, a file's path, or empty for anonymous memory.
    name: String,
}

fn regions() -> io::Result<Vec<Region>> {
    let maps = fs::read_to_string("/proc/self/maps")?;
    let mut regions = Vec::new();
    for line in maps.lines() {
        // "55d0c5a00000-55d0c5a21000 rw-p 00000000 00:00 0      [heap]": range, permissions,
        // offset, device, inode, then the name, which may be missing.
        let mut fields = line.split_whitespace();
        let range = fields.next().unwrap_or_default();
        let permissions = fields.next().unwrap_or_default().to_owned();
        let name = fields.nth(3).unwrap_or_default().to_owned();
        let parsed = range
            .split_once('-')
            .and_then(|(start, end)| {
                Some((
                    usize::from_str_radix(start, 16).ok()?,
                    usize::from_str_radix(end, 16).ok()?,
                ))
            })
            .ok_or_else(|| io::Error::other(format!("unexpected line in maps: {line}")))?;
        regions.push(Region {
            start: parsed.0,
            end: parsed.1,
            permissions,
            name,
        });
    }
    Ok(regions)
}

/// Names the region that holds `address` the way a person would, with its permissions.
fn region_of(address: usize, regions: &[Region]) -> String {
    let Some(region) = regions.iter().find(|r| (r.start..r.end).contains(&address)) else {
        return "no mapping at all".to_owned();
    };
    let name = if region.name.is_empty() {
        "an anonymous mapping".to_owned()
    } else if region.name.starts_with('/') {
        let file = Path::new(&region.name).file_name().unwrap_or_default();
        format!("the program file {}", file.to_string_lossy())
    } else {
        region.name.clone()
    };
    format!("{name:<34} {}", region.permissions)
}

static GREETING: &str = "hello";
/// Interior mutability keeps this static writable, so it cannot live in read-only memory.
static COUNTER: AtomicU64 = AtomicU64::new(7);

// ANCHOR: main
fn main() -> io::Result<()> {
    let local = 42u64;
    let small = Box::new([0u8; 64]);
    let large = vec![0u8; 1 << 20];
    let code = main as fn() -> io::Result<()>;

    let regions = regions()?;
    let places: [(&str, usize); 6] = [
        ("a local variable", &raw const local as usize),
        ("a 64-byte Box", small.as_ptr() as usize),
        ("a 1 MiB Vec", large.as_ptr() as usize),
        ("a string literal", GREETING.as_ptr() as usize),
        ("a mutable static", &raw const COUNTER as usize),
        ("the code of main", code as usize),
    ];
    println!("what               lives in                           permissions");
    for (what, address) in places {
        println!("{what:<18} {}", region_of(address, &regions));
    }
    Ok(())
}
// ANCHOR_END: main
