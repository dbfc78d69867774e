//! Memory whose page size the program chooses: 4 KiB pages, or 2 MiB "transparent huge pages".
//!
//! A `Vec` gets whatever pages the kernel's policy gives it (on this book's machine THP is in
//! `madvise` mode, so 4 KiB pages; on a system in `always` mode, often 2 MiB ones). To compare
//! the two, `PageBuffer` maps its own memory and tells the kernel which it wants with
//! `madvise`, before the first touch, because the page size is decided at the page fault.
use std::io;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// The size of a huge page on x86-64, and the alignment the kernel needs to use one.
pub const HUGE_PAGE: usize = 2 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageSize {
    /// 4 KiB pages: one TLB entry covers 4 KiB.
    Small,
    /// 2 MiB pages: one TLB entry covers 512 times as much.
    Huge,
}

/// `len` zeroed `usize`s in an anonymous mapping of their own, unmapped on drop.
pub struct PageBuffer {
    mapping: NonNull<libc::c_void>,
    mapping_len: usize,
    data: NonNull<usize>,
    len: usize,
}

impl PageBuffer {
    // ANCHOR: madvise
    /// Maps `len` zeroed `usize`s and asks for `pages`: a request the kernel may turn down,
    /// which `huge_page_bytes` reveals.
    pub fn zeroed(len: usize, pages: PageSize) -> io::Result<Self> {
        let bytes = len
            .checked_mul(size_of::<usize>())
            .ok_or_else(|| io::Error::other("buffer too large"))?;
        // A huge page must start on a 2 MiB boundary and lie wholly inside the mapping: map
        // whole huge pages, plus one more to slide the start onto a boundary.
        let usable = bytes.max(HUGE_PAGE).next_multiple_of(HUGE_PAGE);
        let mapping_len = usable + HUGE_PAGE;
        // SAFETY: a new private anonymous mapping; it aliases no memory the program uses.
        let mapping = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapping_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if mapping == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let offset = (mapping as usize).next_multiple_of(HUGE_PAGE) - mapping as usize;
        // SAFETY: `offset < HUGE_PAGE`, so the start stays inside the mapping.
        let start = unsafe { mapping.cast::<u8>().add(offset) };
        let advice = match pages {
            PageSize::Small => libc::MADV_NOHUGEPAGE,
            PageSize::Huge => libc::MADV_HUGEPAGE,
        };
        // Advice, not a command: if the kernel cannot (THP disabled, no free 2 MiB block), the
        // faults fall back to 4 KiB pages, which `huge_page_bytes` reveals. So the result of
        // the call itself is not needed.
        // SAFETY: `start..start + usable` is inside the mapping and page-aligned.
        unsafe { libc::madvise(start.cast(), usable, advice) };
        Ok(Self {
            // SAFETY (both): mmap succeeded, so neither pointer is null.
            mapping: unsafe { NonNull::new_unchecked(mapping) },
            mapping_len,
            data: unsafe { NonNull::new_unchecked(start.cast::<usize>()) },
            len,
        })
    }
    // ANCHOR_END: madvise

    /// How many bytes of this buffer the kernel backs with huge pages right now, read from the
    /// `AnonHugePages` line of its mapping in `/proc/self/smaps`.
    pub fn huge_page_bytes(&self) -> io::Result<usize> {
        let smaps = std::fs::read_to_string("/proc/self/smaps")?;
        let address = self.data.as_ptr() as usize;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((start, end)) = mapping_range(line) {
                inside = (start..end).contains(&address);
                continue;
            }
            let Some(kib) = line.strip_prefix("AnonHugePages:") else {
                continue;
            };
            if inside {
                let kib = kib.trim().trim_end_matches("kB").trim();
                return kib
                    .parse::<usize>()
                    .map(|k| k * 1024)
                    .map_err(io::Error::other);
            }
        }
        Ok(0)
    }
}

/// The address range of an smaps header line such as `7f00c0000000-7f00c4200000 rw-p ...`.
fn mapping_range(line: &str) -> Option<(usize, usize)> {
    let range = line.split_whitespace().next()?;
    let (start, end) = range.split_once('-')?;
    let start = usize::from_str_radix(start, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    Some((start, end))
}

impl Deref for PageBuffer {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        // SAFETY: `data` points to `len` zero-initialised `usize`s inside the live mapping,
        // which only this buffer owns.
        unsafe { std::slice::from_raw_parts(self.data.as_ptr(), self.len) }
    }
}

impl DerefMut for PageBuffer {
    fn deref_mut(&mut self) -> &mut [usize] {
        // SAFETY: as in `deref`, and `&mut self` makes this the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.data.as_ptr(), self.len) }
    }
}

impl Drop for PageBuffer {
    fn drop(&mut self) {
        // SAFETY: the mapping was created in `zeroed` with this length and is unmapped once.
        unsafe { libc::munmap(self.mapping.as_ptr(), self.mapping_len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_is_zeroed_writable_and_aligned() {
        for pages in [PageSize::Small, PageSize::Huge] {
            let mut buffer = PageBuffer::zeroed(1000, pages).expect("mmap");
            assert!(buffer.iter().all(|&slot| slot == 0));
            buffer[999] = 7;
            assert_eq!(buffer[999], 7);
            assert_eq!(buffer.as_ptr() as usize % HUGE_PAGE, 0);
        }
    }

    #[test]
    fn small_pages_are_never_huge() {
        let mut buffer = PageBuffer::zeroed(HUGE_PAGE / 8 * 4, PageSize::Small).expect("mmap");
        buffer.fill(1);
        assert_eq!(buffer.huge_page_bytes().expect("read smaps"), 0);
    }

    #[test]
    fn smaps_headers_are_parsed() {
        let header = "7f00c0000000-7f00c4200000 rw-p 00000000 00:00 0";
        assert_eq!(
            mapping_range(header),
            Some((0x7f00_c000_0000, 0x7f00_c420_0000))
        );
        assert_eq!(mapping_range("AnonHugePages:      2048 kB"), None);
    }
}
