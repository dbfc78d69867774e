//! What the kernel knows about one connection, and about TCP in one namespace.
use std::collections::HashMap;
use std::io;
use std::os::fd::AsRawFd;
use std::time::Duration;

/// The fields of `TCP_INFO` that this listing looks at, named as `ss -ti` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpInfo {
    /// The connection's state, numbered as in the kernel (1 is ESTABLISHED).
    pub state: u8,
    /// Congestion window, in segments.
    pub cwnd: u32,
    /// Slow-start threshold, in segments; `None` until the first loss ("infinite").
    pub ssthresh: Option<u32>,
    /// The retransmission timeout now in force.
    pub rto: Duration,
    /// Smoothed round-trip time.
    pub rtt: Duration,
    /// Maximum segment size the sender uses.
    pub mss: u32,
    /// Segments sent and not yet acknowledged.
    pub unacked: u32,
    /// Retransmission timeouts in a row for the oldest unacknowledged segment.
    pub timeouts_in_a_row: u8,
    /// Segments retransmitted over the connection's life, for any reason.
    pub total_retrans: u32,
}

// ANCHOR: tcp_info
/// Reads `TCP_INFO` for a connected socket.
pub fn tcp_info(socket: &impl AsRawFd) -> io::Result<TcpInfo> {
    // SAFETY: tcp_info is plain old data, so all zeroes is a valid value, and the kernel writes
    // at most `length` bytes into it.
    let mut raw: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut length = libc::socklen_t::try_from(std::mem::size_of::<libc::tcp_info>())
        .map_err(io::Error::other)?;
    // SAFETY: the pointer and length describe `raw`, which outlives the call.
    let result = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&raw mut raw).cast(),
            &mut length,
        )
    };
    if result != 0 {
        return Err(io::Error::last_os_error());
    }
    // The kernel reports "no threshold yet" as the largest value it can hold.
    const INFINITE: u32 = 0x7fff_ffff;
    Ok(TcpInfo {
        state: raw.tcpi_state,
        cwnd: raw.tcpi_snd_cwnd,
        ssthresh: (raw.tcpi_snd_ssthresh < INFINITE).then_some(raw.tcpi_snd_ssthresh),
        rto: Duration::from_micros(raw.tcpi_rto.into()),
        rtt: Duration::from_micros(raw.tcpi_rtt.into()),
        mss: raw.tcpi_snd_mss,
        unacked: raw.tcpi_unacked,
        timeouts_in_a_row: raw.tcpi_retransmits,
        total_retrans: raw.tcpi_total_retrans,
    })
}
// ANCHOR_END: tcp_info

/// The TCP counters of the calling thread's network namespace (`nstat -az` shows the same):
/// `TcpExt` lines of `/proc/thread-self/net/netstat`, such as `TCPFastRetrans` and
/// `TCPTimeouts`. They count for the whole namespace, so compare two readings.
pub fn tcp_counters() -> io::Result<HashMap<String, u64>> {
    let text = std::fs::read_to_string("/proc/thread-self/net/netstat")?;
    let mut lines = text.lines();
    let mut counters = HashMap::new();
    // The file comes in pairs of lines: names, then values, each starting with the group.
    while let (Some(names), Some(values)) = (lines.next(), lines.next()) {
        if !names.starts_with("TcpExt:") {
            continue;
        }
        for (name, value) in names
            .split_whitespace()
            .zip(values.split_whitespace())
            .skip(1)
        {
            if let Ok(value) = value.parse() {
                counters.insert(name.to_string(), value);
            }
        }
    }
    Ok(counters)
}

/// How much each counter grew between two readings.
pub fn grown(before: &HashMap<String, u64>, after: &HashMap<String, u64>, name: &str) -> u64 {
    let read = |counters: &HashMap<String, u64>| counters.get(name).copied().unwrap_or(0);
    read(after).saturating_sub(read(before))
}
