//! One experiment per mechanism. Each opens its own connection from the client's namespace to
//! the server, makes the network lose what it needs lost, and returns what `TCP_INFO` and the
//! namespace's counters said.
//!
//! The sender uses Reno, the congestion control of RFC 5681, set per socket with
//! `TCP_CONGESTION`: its rules are the textbook ones, so the numbers can be checked by hand,
//! with one difference: after a timeout, Linux sets the threshold to half the congestion
//! window (`tcp_reno_ssthresh`), where RFC 5681 takes half the data in flight. Linux's
//! defaults, CUBIC and BBR, differ in how they grow and cut the window, not in when they
//! retransmit.
use crate::info::{TcpInfo, grown, tcp_counters, tcp_info};
use crate::lab::{Lab, LabError};
use socket2::{Domain, Socket, TcpKeepalive, Type};
use std::io::{self, ErrorKind, Read, Write};
use std::time::{Duration, Instant};

/// The congestion control every experiment's sender uses.
pub const CONGESTION_CONTROL: &str = "reno";

/// The kernel's name for the state of a connection that is open: 1 in `TCP_INFO`.
const ESTABLISHED: u8 = 1;

/// A connected, blocking socket with Nagle off (each write leaves at once) and a send buffer
/// large enough that a whole round of segments is queued by one write.
fn connect(lab: &Lab) -> io::Result<Socket> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.set_tcp_congestion(CONGESTION_CONTROL.as_bytes())?;
    socket.set_tcp_nodelay(true)?;
    socket.set_send_buffer_size(4 << 20)?;
    socket.connect_timeout(&lab.server().into(), Duration::from_secs(2))?;
    socket.set_write_timeout(Some(Duration::from_secs(5)))?;
    Ok(socket)
}

/// Writes `segments` full-sized segments in one write.
fn send_segments(socket: &mut Socket, segments: u32, mss: u32) -> io::Result<()> {
    let bytes = usize::try_from(u64::from(segments) * u64::from(mss)).map_err(io::Error::other)?;
    socket.write_all(&vec![b'x'; bytes])
}

/// Waits until everything sent has been acknowledged, and returns the state then.
fn wait_until_acked(socket: &Socket, limit: Duration) -> io::Result<TcpInfo> {
    let deadline = Instant::now() + limit;
    loop {
        let info = tcp_info(socket)?;
        if info.unacked == 0 {
            return Ok(info);
        }
        if Instant::now() >= deadline {
            return Err(io::Error::new(
                ErrorKind::TimedOut,
                "data still unacknowledged",
            ));
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[derive(Debug)]
pub struct SlowStart {
    pub after_handshake: TcpInfo,
    /// For each round: how many segments were sent, and the state once all were acknowledged.
    pub rounds: Vec<(u32, TcpInfo)>,
}

/// Sends exactly one congestion window's worth of segments per round trip, twice. Slow start
/// adds a segment to the window for every segment acknowledged, so each round doubles it.
///
/// On a busy machine an acknowledgement can be late by more than the few milliseconds after
/// which the sender probes for a lost tail, and the probe is a retransmission that also grows
/// the window. Such a run is not "nothing lost" any more, so it is done again, up to 5 times.
pub fn slow_start(lab: &Lab) -> Result<SlowStart, LabError> {
    let run = || -> io::Result<SlowStart> {
        let mut socket = connect(lab)?;
        let after_handshake = tcp_info(&socket)?;
        let mut rounds = Vec::new();
        let mut info = after_handshake;
        for _ in 0..2 {
            let window = info.cwnd;
            send_segments(&mut socket, window, info.mss)?;
            info = wait_until_acked(&socket, Duration::from_secs(2))?;
            rounds.push((window, info));
        }
        Ok(SlowStart {
            after_handshake,
            rounds,
        })
    };
    lab.in_client(|| -> io::Result<SlowStart> {
        let mut attempt = run()?;
        for _ in 1..5 {
            let clean = attempt
                .rounds
                .iter()
                .all(|(_, info)| info.total_retrans == 0);
            if clean {
                break;
            }
            attempt = run()?;
        }
        Ok(attempt)
    })?
    .map_err(LabError::from)
}

// ANCHOR: fast_retransmit
#[derive(Debug)]
pub struct FastRetransmit {
    pub before: TcpInfo,
    pub after: TcpInfo,
    /// Growth of the namespace's `TCPFastRetrans` and `TCPTimeouts` counters.
    pub fast_retransmits: u64,
    pub timeouts: u64,
    /// From the write of the 20 segments until all were acknowledged.
    pub took: Duration,
}

/// Loses one segment, the first of a round of 20: the 19 after it arrive, each is answered
/// with a duplicate acknowledgement (with a SACK block saying what did arrive), and the sender
/// resends the missing one without waiting for its timer. Losing the first keeps the
/// arithmetic simple: no segment of the round was acknowledged before the loss was noticed, so
/// the window at that moment is the 20 it started with.
pub fn fast_retransmit(lab: &Lab) -> Result<FastRetransmit, LabError> {
    lab.in_client(|| -> Result<FastRetransmit, LabError> {
        let mut socket = connect(lab)?;
        // One clean round first: the window is then 20.
        let first = tcp_info(&socket)?;
        send_segments(&mut socket, first.cwnd, first.mss)?;
        let before = wait_until_acked(&socket, Duration::from_secs(2))?;
        let counters = tcp_counters()?;
        // `numgen inc` counts the full-sized segments that reach the rule, from 0: only the
        // first is dropped, and its retransmission, the 21st, gets through.
        lab.drop_matching("tcp dport 5001 meta length gt 1000 numgen inc mod 1000000 0")?;
        let started = Instant::now();
        send_segments(&mut socket, 20, before.mss)?;
        let after = wait_until_acked(&socket, Duration::from_secs(5))?;
        let took = started.elapsed();
        lab.stop_dropping()?;
        let later = tcp_counters()?;
        Ok(FastRetransmit {
            before,
            after,
            fast_retransmits: grown(&counters, &later, "TCPFastRetrans"),
            timeouts: grown(&counters, &later, "TCPTimeouts"),
            took,
        })
    })?
}
// ANCHOR_END: fast_retransmit

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    Sent,
    /// A retransmission that was not a timeout: a tail loss probe (RFC 8985) while nothing
    /// came back.
    Probe,
    /// The retransmission timer fired for the `n`th time in a row.
    Timeout(u8),
    PathRestored,
    Delivered,
    /// The kernel gave up on the connection, with this error.
    Aborted(ErrorKind),
}

/// What the kernel did between two readings of a connection that gets no acknowledgements:
/// the retransmission timer fired, or it retransmitted without a timeout (a tail loss probe).
fn retransmitted(before: &TcpInfo, now: &TcpInfo) -> Option<Happened> {
    if now.timeouts_in_a_row > before.timeouts_in_a_row {
        Some(Happened::Timeout(now.timeouts_in_a_row))
    } else if now.total_retrans > before.total_retrans && now.timeouts_in_a_row == 0 {
        Some(Happened::Probe)
    } else {
        None
    }
}

#[derive(Debug, Clone)]
pub struct Moment {
    pub at: Duration,
    pub what: Happened,
    pub info: TcpInfo,
}

/// Drops everything the client sends for `outage`, with four segments in flight, and records
/// each retransmission as the kernel reports it, then lets the path work again.
pub fn timeouts(lab: &Lab, outage: Duration) -> Result<Vec<Moment>, LabError> {
    lab.in_client(|| -> Result<Vec<Moment>, LabError> {
        let mut socket = connect(lab)?;
        let first = tcp_info(&socket)?;
        send_segments(&mut socket, first.cwnd, first.mss)?;
        wait_until_acked(&socket, Duration::from_secs(2))?;

        lab.drop_matching("tcp dport 5001")?;
        let started = Instant::now();
        send_segments(&mut socket, 4, first.mss)?;
        let mut moments = vec![Moment {
            at: started.elapsed(),
            what: Happened::Sent,
            info: tcp_info(&socket)?,
        }];
        let mut restored = false;
        let mut last = moments[0].info;
        loop {
            std::thread::sleep(Duration::from_millis(1));
            let info = tcp_info(&socket)?;
            let at = started.elapsed();
            if !restored && at >= outage {
                lab.stop_dropping()?;
                restored = true;
                moments.push(Moment {
                    at,
                    what: Happened::PathRestored,
                    info,
                });
            }
            if info.unacked == 0 {
                moments.push(Moment {
                    at,
                    what: Happened::Delivered,
                    info,
                });
                return Ok(moments);
            }
            // Once the path works again, retransmissions are the recovery, not probes.
            if let Some(what) = retransmitted(&last, &info)
                && (!restored || matches!(what, Happened::Timeout(_)))
            {
                moments.push(Moment { at, what, info });
            }
            last = info;
            if at > outage + Duration::from_secs(10) {
                return Err(io::Error::new(ErrorKind::TimedOut, "never delivered").into());
            }
        }
    })?
}

/// How a connection to a peer that has vanished ended, or had not yet, after some time.
#[derive(Debug)]
pub struct Outcome {
    /// `None` if the connection was still open when the experiment stopped looking.
    pub error: Option<ErrorKind>,
    pub after: Duration,
    /// Retransmission timeouts in a row so far, if still open.
    pub timeouts_so_far: u8,
}

#[derive(Debug)]
pub struct DeadPeer {
    pub without: Outcome,
    pub with: Outcome,
}

#[derive(Debug)]
pub struct UserTimeout {
    pub without: Outcome,
    pub with: Outcome,
    /// Every retransmission of the connection with `TCP_USER_TIMEOUT`, and its end.
    pub timeline: Vec<Moment>,
}

/// Two connections each send a few bytes into a network that has stopped delivering: one with
/// the default settings and one with `TCP_USER_TIMEOUT`. The second is aborted once its data
/// has gone unacknowledged for `limit`, counted the kernel's way (see the chapter); the first
/// keeps retransmitting. The second's retransmissions are recorded as they happen.
pub fn user_timeout(lab: &Lab, limit: Duration) -> Result<UserTimeout, LabError> {
    lab.in_client(|| -> Result<UserTimeout, LabError> {
        let mut plain = connect(lab)?;
        let mut bounded = connect(lab)?;
        bounded.set_tcp_user_timeout(Some(limit))?;
        lab.drop_matching("tcp dport 5001")?;
        let started = Instant::now();
        plain.write_all(b"are you there?")?;
        bounded.write_all(b"are you there?")?;
        let mut timeline = Vec::new();
        let mut last = tcp_info(&bounded)?;
        let with = loop {
            std::thread::sleep(Duration::from_millis(1));
            let info = tcp_info(&bounded)?;
            let at = started.elapsed();
            if let Some(what) = retransmitted(&last, &info) {
                timeline.push(Moment { at, what, info });
            }
            if info.state != ESTABLISHED {
                // Aborted: the next read reports the error that ended the connection.
                let error = first_error(&mut bounded)?;
                if let Some(kind) = error {
                    let what = Happened::Aborted(kind);
                    timeline.push(Moment { at, what, info });
                }
                break Outcome {
                    error,
                    after: at,
                    timeouts_so_far: info.timeouts_in_a_row,
                };
            }
            if at > limit * 3 {
                break Outcome {
                    error: None,
                    after: at,
                    timeouts_so_far: info.timeouts_in_a_row,
                };
            }
            last = info;
        };
        let without = still_open(&plain, started)?;
        lab.stop_dropping()?;
        Ok(UserTimeout {
            without,
            with,
            timeline,
        })
    })?
}

/// Two idle connections whose peer vanishes: nothing is being sent, so nothing is
/// retransmitted, and only keepalive probes can notice.
pub fn keepalive(lab: &Lab, idle: Duration) -> Result<DeadPeer, LabError> {
    lab.in_client(|| -> Result<DeadPeer, LabError> {
        let plain = connect(lab)?;
        let mut probed = connect(lab)?;
        // The connection has been idle since its handshake: the keepalive timer counts from
        // there, and so does this experiment's clock.
        let started = Instant::now();
        // One probe after `idle` of silence, given `idle` to be answered.
        let probes = TcpKeepalive::new()
            .with_time(idle)
            .with_interval(idle)
            .with_retries(1);
        probed.set_tcp_keepalive(&probes)?;
        lab.drop_matching("tcp dport 5001")?;
        let with = wait_for_error(&mut probed, started, idle * 4)?;
        let without = still_open(&plain, started)?;
        lab.stop_dropping()?;
        Ok(DeadPeer { without, with })
    })?
}

/// Blocks in `read` until the kernel reports an error on the connection, or `limit` passes.
/// An aborted connection fails with the error that ended it (`ETIMEDOUT`); a read timeout
/// that merely expired says `WouldBlock`, which is not an answer.
fn wait_for_error(socket: &mut Socket, started: Instant, limit: Duration) -> io::Result<Outcome> {
    socket.set_read_timeout(Some(limit))?;
    let mut buffer = [0; 64];
    let error = match socket.read(&mut buffer) {
        Ok(_) => None,
        Err(e) if e.kind() == ErrorKind::WouldBlock => None,
        Err(e) => Some(e.kind()),
    };
    Ok(Outcome {
        error,
        after: started.elapsed(),
        timeouts_so_far: tcp_info(socket)?.timeouts_in_a_row,
    })
}

/// The error a closed connection reports on its next read, without waiting.
fn first_error(socket: &mut Socket) -> io::Result<Option<ErrorKind>> {
    socket.set_nonblocking(true)?;
    let mut buffer = [0; 64];
    Ok(match socket.read(&mut buffer) {
        Ok(_) => None,
        Err(e) if e.kind() == ErrorKind::WouldBlock => None,
        Err(e) => Some(e.kind()),
    })
}

/// Looks at a connection without waiting: still open, and how many timeouts so far.
fn still_open(socket: &Socket, started: Instant) -> io::Result<Outcome> {
    let info = tcp_info(socket)?;
    Ok(Outcome {
        error: (info.state != ESTABLISHED).then_some(ErrorKind::Other),
        after: started.elapsed(),
        timeouts_so_far: info.timeouts_in_a_row,
    })
}

/// The minimum RTO Linux's give-up model starts from: the constant `TCP_RTO_MIN`, whatever
/// `net.ipv4.tcp_rto_min_us` or a route's `rto_min` say about the real timer.
pub const TCP_RTO_MIN: Duration = Duration::from_millis(200);

/// How long Linux retransmits unacknowledged data before it gives up on a connection without
/// `TCP_USER_TIMEOUT`: the time that `tcp_retries2` timeouts (15 by default) would take, each
/// twice as long as the one before, from the minimum RTO up to the maximum (RFC 6298's
/// doubling, with Linux's limits of 200 ms and 120 s). This is the kernel's own formula
/// (`tcp_model_timeout`), counted from the first retransmission. It is a lower bound: the
/// connection is given up at the first timeout after that much time has passed.
pub fn give_up_time(retries: u32, rto_min: Duration, rto_max: Duration) -> Duration {
    let mut total = Duration::ZERO;
    let mut rto = rto_min;
    for _ in 0..=retries {
        total += rto;
        rto = (rto * 2).min(rto_max);
    }
    total
}

/// The two settings `give_up_time` takes from this machine, `tcp_retries2` and the maximum RTO,
/// with the kernel's defaults where a setting is not there. (The minimum is not a setting
/// here: the kernel's model uses `TCP_RTO_MIN`.)
pub fn give_up_settings() -> (u32, Duration) {
    let read = |name: &str| -> Option<u64> {
        std::fs::read_to_string(format!("/proc/sys/net/ipv4/{name}"))
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    let retries = read("tcp_retries2")
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(15);
    let rto_max = read("tcp_rto_max_ms").map_or(Duration::from_secs(120), Duration::from_millis);
    (retries, rto_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_give_up_time_is_the_one_the_kernel_documents() {
        // ip-sysctl.rst: "The default value of 15 yields a hypothetical timeout of 924.6
        // seconds".
        let time = give_up_time(15, TCP_RTO_MIN, Duration::from_secs(120));
        assert_eq!(time, Duration::from_millis(924_600));
        // Eight retries stay below the 120 s ceiling: 0.2 s × (2^9 - 1).
        let short = give_up_time(8, TCP_RTO_MIN, Duration::from_secs(120));
        assert_eq!(short, Duration::from_millis(102_200));
    }
}
