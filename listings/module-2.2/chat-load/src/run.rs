//! One load run: connect and join every member, send on schedule, drain, report.

use crate::client::{self, ClientError, Ws};
use crate::report::{
    CloseCount, INCOMPLETE_LISTED, Incomplete, Memory, Outcome, Percentiles, Report, Samples,
};
use futures_util::StreamExt;
use loadgen::Arrival;
use loadgen::schedule::Schedule;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

/// What to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Loopback addresses to try, in order; the first that accepts is used for every member.
    pub addrs: Vec<SocketAddr>,
    pub connections: usize,
    /// Members are dealt to rooms in turn: member `i` joins `room:r{i % rooms}`.
    pub rooms: usize,
    /// Messages per second, over all rooms.
    pub rate: f64,
    pub duration: Duration,
    pub arrival: Arrival,
    pub seed: u64,
    /// Connections being opened and joined at once.
    pub concurrency: usize,
    /// After the last join, the first message waits until the members have received nothing
    /// for `quiet` (the joins' own traffic, presence updates to every member, has died down)...
    pub quiet: Duration,
    /// ...or until `settle_max` has passed, whichever comes first.
    pub settle_max: Duration,
    /// How long to wait for the last deliveries after the last message is sent.
    pub drain: Duration,
    /// Timeout of each connect-and-join.
    pub join_timeout: Duration,
    /// The server's process, for its memory.
    pub server_pid: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(
        "{connections} connections need {needed} file descriptors, and this process may open \
         {limit} (raise it with `ulimit -n`)"
    )]
    TooFewFiles {
        connections: usize,
        needed: u64,
        limit: u64,
    },
    #[error("no process {0}: is the server running? (--server-pid)")]
    NoServer(u32),
    #[error("{failed} of {connections} members could not connect or join; the first: {first}")]
    Members {
        failed: usize,
        connections: usize,
        first: ClientError,
    },
}

/// Where each message stands.
/// Sending lasts at most an hour and the drain at most another: samples are kept up to twice
/// this (`loadgen`'s `Samples` doubles it), so nothing real is clamped.
const LONGEST_RUN: Duration = Duration::from_secs(2 * 3600);

const SCHEDULED: u8 = 0;
const SENT: u8 = 1;
const ACCEPTED: u8 = 2;
const RATE_LIMITED: u8 = 3;
const REFUSED: u8 = 4;
/// The member's send queue was full when the message was due, or still held it at the end:
/// the member's connection was stuck writing.
const UNSENT_QUEUE_FULL: u8 = 5;
/// The member's connection was gone (closed by the server, or a write failed).
const UNSENT_CONNECTION_GONE: u8 = 6;
/// In the member's send queue.
const QUEUED: u8 = 7;
const STATUSES: usize = 8;

/// What the members and the pacer share: when each message was meant to leave, and what
/// became of it.
struct Shared {
    /// When message 0 is due; set once every member has joined and the traffic has settled.
    start: OnceLock<Instant>,
    offsets: Vec<Duration>,
    /// Frames the members have received, of any kind: how the settling is seen.
    frames: AtomicU64,
    status: Vec<AtomicU8>,
    deliveries: Vec<AtomicU32>,
    /// Each message's slowest delivery so far, in microseconds.
    slowest: Vec<AtomicU64>,
    latency: Mutex<Samples>,
    foreign: AtomicU64,
    /// Connections the server closed during the run, by close code (`None`: no close frame).
    closes: Mutex<BTreeMap<Option<u16>, u64>>,
}

impl Shared {
    fn new(offsets: Vec<Duration>) -> Shared {
        let count = offsets.len();
        Shared {
            start: OnceLock::new(),
            offsets,
            frames: AtomicU64::new(0),
            status: (0..count).map(|_| AtomicU8::new(SCHEDULED)).collect(),
            deliveries: (0..count).map(|_| AtomicU32::new(0)).collect(),
            slowest: (0..count).map(|_| AtomicU64::new(0)).collect(),
            latency: Mutex::new(Samples::new(LONGEST_RUN)),
            foreign: AtomicU64::new(0),
            closes: Mutex::new(BTreeMap::new()),
        }
    }

    fn closed_by_server(&self, code: Option<u16>) {
        let mut closes = self.closes.lock().unwrap_or_else(|p| p.into_inner());
        *closes.entry(code).or_default() += 1;
    }

    // ANCHOR: chat_load_delivered
    fn delivered(&self, seq: usize, at: Instant) {
        let (Some(offset), Some(start)) = (self.offsets.get(seq), self.start.get()) else {
            self.foreign.fetch_add(1, Ordering::Relaxed);
            return;
        };
        let intended = *start + *offset;
        let latency = at.saturating_duration_since(intended);
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        self.deliveries[seq].fetch_add(1, Ordering::Relaxed);
        self.slowest[seq].fetch_max(micros, Ordering::Relaxed);
        let mut samples = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        samples.record(latency);
    }
    // ANCHOR_END: chat_load_delivered

    fn replied(&self, seq: usize, reply: &Value) {
        let Some(status) = self.status.get(seq) else {
            return;
        };
        let outcome = match (&reply["status"], &reply["response"]["reason"]) {
            (Value::String(ok), _) if ok == "ok" => ACCEPTED,
            (_, Value::String(reason)) if reason == "rate_limited" => RATE_LIMITED,
            _ => REFUSED,
        };
        status.store(outcome, Ordering::Relaxed);
    }
}

pub async fn run(plan: &Plan) -> Result<Report, RunError> {
    raise_file_limit(plan.connections)?;
    let memory_before = server_rss(plan.server_pid)?;
    let own_before = own_rss();

    let offsets: Vec<Duration> =
        Schedule::new(plan.arrival, plan.rate, plan.duration, plan.seed).collect();
    let shared = Arc::new(Shared::new(offsets));

    let addr = first_listening(&plan.addrs).await?;
    let (stop, stopped) = watch::channel(false);
    let ramp_started = Instant::now();
    // Each member reads from the moment it has joined: a member that stopped reading while the
    // others join would be a slow consumer the server has to buffer for.
    let joined = open_members(plan, addr, &shared, &stopped).await;
    let ramp = ramp_started.elapsed();
    let (senders, mut tasks) = match joined {
        Ok(members) => members,
        Err(error) => {
            let _ = stop.send(true);
            return Err(error);
        }
    };
    let settle = settle(plan, &shared).await;
    let memory_joined = server_rss(plan.server_pid)?;
    let own_joined = own_rss();

    // A little ahead, so that the first message is not late before it starts.
    let _ = shared.start.set(Instant::now() + Duration::from_millis(50));
    pace(plan, &shared, &senders).await;
    let members_of = |seq: usize| members_in_room(seq % plan.rooms, plan);
    drain(plan, &shared, members_of).await;
    // What has not arrived by now is counted as lost, and its latency as at least this long.
    let ended = Instant::now();
    let _ = stop.send(true);
    drop(senders);
    while tasks.join_next().await.is_some() {}

    Ok(summarise(
        plan,
        &shared,
        ramp,
        settle,
        ended,
        Memory {
            server_before_kib: memory_before,
            server_joined_kib: memory_joined,
            generator_before_kib: own_before,
            generator_joined_kib: own_joined,
        },
    ))
}

/// Waits until the members have received nothing for `quiet`, at most `settle_max`; returns
/// how long that took.
async fn settle(plan: &Plan, shared: &Shared) -> Duration {
    let started = Instant::now();
    let mut last = shared.frames.load(Ordering::Relaxed);
    let mut quiet_since = Instant::now();
    while started.elapsed() < plan.settle_max {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = shared.frames.load(Ordering::Relaxed);
        if now != last {
            last = now;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() >= plan.quiet {
            break;
        }
    }
    started.elapsed()
}

/// `room:r{i % rooms}`.
pub fn room_of(member: usize, rooms: usize) -> String {
    format!("room:r{}", member % rooms)
}

/// How many members room `room` has: the members are dealt out in turn.
fn members_in_room(room: usize, plan: &Plan) -> usize {
    plan.connections / plan.rooms + usize::from(room < plan.connections % plan.rooms)
}

/// The member that sends message `seq`: rooms take turns, and so do the members of a room.
fn sender_of(seq: usize, plan: &Plan) -> usize {
    let room = seq % plan.rooms;
    let turn = (seq / plan.rooms) % members_in_room(room, plan);
    room + turn * plan.rooms
}

async fn first_listening(addrs: &[SocketAddr]) -> Result<SocketAddr, RunError> {
    let mut last = None;
    for &addr in addrs {
        match tokio::net::TcpStream::connect(addr).await {
            Ok(_) => return Ok(addr),
            Err(source) => last = Some(ClientError::Connect { addr, source }),
        }
    }
    Err(last.expect("at least one address").into())
}

/// Every member's command queue, in member order, and their tasks.
type Members = (Vec<mpsc::Sender<usize>>, JoinSet<()>);

/// Opens and joins every member, `concurrency` at a time, in member order, and starts each
/// member's task as soon as it has joined.
async fn open_members(
    plan: &Plan,
    addr: SocketAddr,
    shared: &Arc<Shared>,
    stop: &watch::Receiver<bool>,
) -> Result<Members, RunError> {
    let opened = futures_util::stream::iter(0..plan.connections)
        .map(|index| async move {
            let mut ws = client::connect(addr).await?;
            let topic = room_of(index, plan.rooms);
            client::join(&mut ws, &topic, &format!("u{index}"), plan.join_timeout).await?;
            Ok::<(Ws, String), ClientError>((ws, topic))
        })
        .buffered(plan.concurrency);
    tokio::pin!(opened);
    let mut senders = Vec::with_capacity(plan.connections);
    let mut tasks = JoinSet::new();
    let (mut failed, mut first) = (0, None);
    while let Some(result) = opened.next().await {
        match result {
            Ok((ws, topic)) => {
                let (sender, commands) = mpsc::channel(64);
                senders.push(sender);
                let (shared, stop) = (Arc::clone(shared), stop.clone());
                tasks.spawn(member(ws, topic, commands, shared, stop));
            }
            Err(error) => {
                failed += 1;
                first.get_or_insert(error);
            }
        }
    }
    match first {
        None => Ok((senders, tasks)),
        Some(first) => Err(RunError::Members {
            failed,
            connections: plan.connections,
            first,
        }),
    }
}

/// One member: sends what the pacer tells it to, and records every broadcast it receives.
/// A connection the server closes before the run ends is counted with its close code, and the
/// messages still queued for it as unsent for want of a connection.
async fn member(
    mut ws: Ws,
    topic: String,
    mut commands: mpsc::Receiver<usize>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut heartbeat = tokio::time::interval(Duration::from_secs(30));
    heartbeat.tick().await;
    let gone = loop {
        tokio::select! {
            command = commands.recv() => {
                let Some(seq) = command else { break None };
                shared.status[seq].store(SENT, Ordering::Relaxed);
                if client::send_text(&mut ws, client::new_msg(&topic, seq)).await.is_err() {
                    shared.status[seq].store(UNSENT_CONNECTION_GONE, Ordering::Relaxed);
                    break Some(None);
                }
            }
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Close(frame))) => break Some(frame.map(|f| u16::from(f.code))),
                Some(Ok(message)) => {
                    let at = Instant::now();
                    shared.frames.fetch_add(1, Ordering::Relaxed);
                    if let Message::Text(text) = message {
                        on_text(&shared, text.as_str(), at);
                    }
                }
                // Reset, or closed without a close frame.
                Some(Err(_)) | None => break Some(None),
            },
            _ = heartbeat.tick() => {
                if client::send_text(&mut ws, client::heartbeat()).await.is_err() {
                    break Some(None);
                }
            }
            _ = stop.changed() => break None,
        }
    };
    if let Some(code) = gone {
        shared.closed_by_server(code);
        // Refuse what the pacer hands over from now on, and count what it already had.
        commands.close();
        while let Ok(seq) = commands.try_recv() {
            shared.status[seq].store(UNSENT_CONNECTION_GONE, Ordering::Relaxed);
        }
    }
    let _ = ws.close(None).await;
}

fn on_text(shared: &Shared, text: &str, at: Instant) {
    // Most of what a member receives while others join is presence updates: skip them without
    // parsing, so that the generator keeps up with a server that sends them by the million.
    if !(text.contains("\"new_msg\"") || text.contains("\"phx_reply\"")) {
        return;
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    match value[3].as_str() {
        Some("new_msg") => {
            if let Some(seq) = value[4]["body"].as_str().and_then(client::seq_of) {
                shared.delivered(seq, at);
            }
        }
        Some("phx_reply") => {
            if let Some(seq) = value[1].as_str().and_then(|r| r.parse().ok()) {
                shared.replied(seq, &value[4]);
            }
        }
        _ => {}
    }
}

/// Hands each message to its sender at its intended time. A sender whose queue is full (its
/// connection stuck) does not hold up the others: that message is counted as unsent.
///
/// It runs on a thread of its own, as `loadgen`'s pacer does: `std::thread::sleep` wakes within
/// tens of microseconds, where Tokio's timer rounds up to the next millisecond, and every bit
/// of lateness here would be counted as the server's.
async fn pace(plan: &Plan, shared: &Arc<Shared>, senders: &[mpsc::Sender<usize>]) {
    let (plan, shared, senders) = (plan.clone(), Arc::clone(shared), senders.to_vec());
    let pacer = std::thread::spawn(move || {
        let _ = nix::sys::prctl::set_timerslack(1);
        let Some(start) = shared.start.get().copied() else {
            return;
        };
        for (seq, offset) in shared.offsets.iter().enumerate() {
            let intended = start + *offset;
            if let Some(wait) = intended.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            dispatch(&shared, &senders[sender_of(seq, &plan)], seq);
        }
    });
    // Wait without blocking a worker: the members need them.
    let _ = tokio::task::spawn_blocking(move || pacer.join()).await;
}

/// Hands message `seq` to its sender's queue, or counts why it could not.
fn dispatch(shared: &Shared, sender: &mpsc::Sender<usize>, seq: usize) {
    // Marked before the send: the member may take it and mark it sent at once.
    shared.status[seq].store(QUEUED, Ordering::Relaxed);
    let unsent = match sender.try_send(seq) {
        Ok(()) => return,
        Err(mpsc::error::TrySendError::Full(_)) => UNSENT_QUEUE_FULL,
        Err(mpsc::error::TrySendError::Closed(_)) => UNSENT_CONNECTION_GONE,
    };
    shared.status[seq].store(unsent, Ordering::Relaxed);
}

/// Waits until every message has its reply and every accepted one all its deliveries, or
/// until `drain` has passed.
async fn drain(plan: &Plan, shared: &Shared, members_of: impl Fn(usize) -> usize) {
    let deadline = Instant::now() + plan.drain;
    while Instant::now() < deadline {
        let settled =
            (0..shared.offsets.len()).all(|seq| match shared.status[seq].load(Ordering::Relaxed) {
                SCHEDULED | QUEUED | SENT => false,
                ACCEPTED => {
                    shared.deliveries[seq].load(Ordering::Relaxed) as usize >= members_of(seq)
                }
                _ => true,
            });
        if settled {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Counts what became of every message. A message that should have reached its room (any
/// but the rate-limited and the refused, which the server answered) and that some member had
/// not received by `ended` is not left out: each missing delivery, and the message's last
/// delivery, count as the time from its intended send until `ended`, a lower bound.
fn summarise(
    plan: &Plan,
    shared: &Shared,
    ramp: Duration,
    settle: Duration,
    ended: Instant,
    memory: Memory,
) -> Report {
    let start = shared.start.get().copied().unwrap_or(ended);
    let mut counts = [0u64; STATUSES];
    let (mut expected, mut delivered) = (0u64, 0u64);
    let mut each = shared
        .latency
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut last = Samples::new(LONGEST_RUN);
    let (mut incomplete_messages, mut incomplete) = (0u64, Vec::new());
    for (seq, offset) in shared.offsets.iter().enumerate() {
        let status = match shared.status[seq].load(Ordering::Relaxed) {
            // Still in the queue after the drain: the connection was stuck writing.
            QUEUED => UNSENT_QUEUE_FULL,
            status => status,
        };
        counts[usize::from(status)] += 1;
        let outcome = match status {
            ACCEPTED => Outcome::Accepted,
            SCHEDULED | SENT => Outcome::Unanswered,
            UNSENT_QUEUE_FULL => Outcome::UnsentQueueFull,
            UNSENT_CONNECTION_GONE => Outcome::UnsentConnectionGone,
            _ => continue,
        };
        let members = members_in_room(seq % plan.rooms, plan) as u64;
        let received = u64::from(shared.deliveries[seq].load(Ordering::Relaxed)).min(members);
        expected += members;
        delivered += received;
        if received == members {
            last.record(Duration::from_micros(
                shared.slowest[seq].load(Ordering::Relaxed),
            ));
            continue;
        }
        let at_least = ended.saturating_duration_since(start + *offset);
        each.record_lower_bounds(at_least, members - received);
        last.record_lower_bound(at_least);
        incomplete_messages += 1;
        if incomplete.len() < INCOMPLETE_LISTED {
            incomplete.push(Incomplete {
                seq,
                topic: room_of(seq, plan.rooms),
                outcome,
                expected: members,
                received,
            });
        }
    }
    let close_codes: Vec<CloseCount> = shared
        .closes
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .map(|(&code, &count)| CloseCount { code, count })
        .collect();
    Report {
        connections: plan.connections,
        rooms: plan.rooms,
        members_per_room: plan.connections.div_ceil(plan.rooms),
        rate: plan.rate,
        duration_secs: plan.duration.as_secs_f64(),
        ramp_secs: ramp.as_secs_f64(),
        settle_secs: settle.as_secs_f64(),
        scheduled: shared.offsets.len() as u64,
        accepted: counts[usize::from(ACCEPTED)],
        rate_limited: counts[usize::from(RATE_LIMITED)],
        refused: counts[usize::from(REFUSED)],
        unsent_queue_full: counts[usize::from(UNSENT_QUEUE_FULL)],
        unsent_connection_gone: counts[usize::from(UNSENT_CONNECTION_GONE)],
        unanswered: counts[usize::from(SENT)] + counts[usize::from(SCHEDULED)],
        expected_deliveries: expected,
        delivered,
        lost: expected - delivered,
        incomplete_messages,
        incomplete,
        closed_by_server: close_codes.iter().map(|close| close.count).sum(),
        close_codes,
        delivery: Percentiles::of(&each),
        last_delivery: Percentiles::of(&last),
        memory,
    }
}

/// Each connection is a socket; add room for the runtime's own.
fn raise_file_limit(connections: usize) -> Result<(), RunError> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let needed = connections as u64 + 64;
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap_or((1024, 1024));
    if needed <= soft {
        return Ok(());
    }
    if needed <= hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return Ok(());
    }
    Err(RunError::TooFewFiles {
        connections,
        needed,
        limit: hard,
    })
}

/// `VmRSS` of a process, in KiB.
pub fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn server_rss(pid: Option<u32>) -> Result<Option<u64>, RunError> {
    match pid {
        None => Ok(None),
        Some(pid) => rss_kib(&pid.to_string())
            .map(Some)
            .ok_or(RunError::NoServer(pid)),
    }
}

fn own_rss() -> Option<u64> {
    rss_kib("self")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(connections: usize, rooms: usize) -> Plan {
        Plan {
            addrs: vec![],
            connections,
            rooms,
            rate: 1.0,
            duration: Duration::from_secs(1),
            arrival: Arrival::Uniform,
            seed: 1,
            concurrency: 1,
            quiet: Duration::ZERO,
            settle_max: Duration::ZERO,
            drain: Duration::ZERO,
            join_timeout: Duration::from_secs(1),
            server_pid: None,
        }
    }

    #[test]
    fn members_are_dealt_to_rooms_and_take_turns_sending() {
        let plan = plan(10, 3);
        let sizes: Vec<usize> = (0..3).map(|room| members_in_room(room, &plan)).collect();
        assert_eq!(sizes, [4, 3, 3]);
        // Message 0 goes to room 0, 1 to room 1...; room 0's members are 0, 3, 6, 9.
        let senders: Vec<usize> = (0..12).map(|seq| sender_of(seq, &plan)).collect();
        assert_eq!(senders, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2]);
        for seq in 0..100 {
            let sender = sender_of(seq, &plan);
            assert_eq!(room_of(sender, 3), format!("room:r{}", seq % 3));
        }
    }

    #[test]
    fn messages_that_never_reached_everyone_count_as_lower_bounds_until_the_end() {
        // Two rooms of two members; four messages 100 ms apart, the run ending 2 s after the
        // first was due.
        let plan = plan(4, 2);
        let ms = Duration::from_millis;
        let shared = Shared::new((0..4).map(|n| ms(100 * n)).collect());
        let start = Instant::now();
        shared.start.set(start).unwrap();
        // 0: everyone had it; 1: one of its two deliveries; 2: never sent; 3: rate-limited.
        for (seq, status) in [ACCEPTED, ACCEPTED, UNSENT_QUEUE_FULL, RATE_LIMITED]
            .into_iter()
            .enumerate()
        {
            shared.status[seq].store(status, Ordering::Relaxed);
        }
        shared.delivered(0, start + ms(1));
        shared.delivered(0, start + ms(5));
        shared.delivered(1, start + ms(103));
        let ended = start + ms(2_000);
        let report = summarise(&plan, &shared, ms(0), ms(0), ended, memory());

        assert_eq!(
            (
                report.accepted,
                report.unsent_queue_full,
                report.rate_limited
            ),
            (2, 1, 1)
        );
        // The rate-limited message was answered and expects no deliveries.
        assert_eq!(
            (report.expected_deliveries, report.delivered, report.lost),
            (6, 3, 3)
        );
        assert_eq!(report.incomplete_messages, 2);
        assert_eq!(
            report.incomplete,
            [
                Incomplete {
                    seq: 1,
                    topic: "room:r1".into(),
                    outcome: Outcome::Accepted,
                    expected: 2,
                    received: 1,
                },
                Incomplete {
                    seq: 2,
                    topic: "room:r0".into(),
                    outcome: Outcome::UnsentQueueFull,
                    expected: 2,
                    received: 0,
                },
            ]
        );
        // Each delivery: 1, 5 and 3 ms, then one of at least 1.9 s and two of at least 1.8 s.
        let each = report.delivery.unwrap();
        assert_eq!((each.count, each.lower_bounds), (6, 3));
        assert!((4_990..=5_010).contains(&each.p50_us), "{each:?}");
        assert!(each.p90_us >= 1_899_000, "{each:?}");
        assert_eq!(each.lower_bound_from, Some("p90"));
        // The last delivery of each: 5 ms, at least 1.9 s, at least 1.8 s.
        let last = report.last_delivery.unwrap();
        assert_eq!((last.count, last.lower_bounds), (3, 2));
        assert!(last.p50_us >= 1_799_000, "{last:?}");
        assert_eq!(last.lower_bound_from, Some("p50"));
        let text = report.to_string();
        assert!(
            text.contains("message 1 (room:r1, accepted): 1 of 2 delivered"),
            "{text}"
        );
        assert!(
            text.contains("message 2 (room:r0, unsent: queue full): 0 of 2 delivered"),
            "{text}"
        );
        assert!(text.contains("p90   ≥1.90 s"), "{text}");
        assert!(
            text.contains("warning: 2 messages did not reach every member"),
            "{text}"
        );
        assert!(!report.is_complete());
    }

    #[test]
    fn a_complete_run_has_exact_percentiles() {
        let plan = plan(2, 1);
        let shared = Shared::new(vec![Duration::ZERO]);
        let start = Instant::now();
        shared.start.set(start).unwrap();
        shared.status[0].store(ACCEPTED, Ordering::Relaxed);
        shared.delivered(0, start + Duration::from_millis(2));
        shared.delivered(0, start + Duration::from_millis(3));
        let ended = start + Duration::from_secs(1);
        let report = summarise(
            &plan,
            &shared,
            Duration::ZERO,
            Duration::ZERO,
            ended,
            memory(),
        );
        assert!(report.is_complete(), "{report}");
        assert_eq!(report.incomplete_messages, 0);
        assert_eq!(report.delivery.unwrap().lower_bound_from, None);
        assert_eq!(report.last_delivery.unwrap().lower_bounds, 0);
        assert!(!report.to_string().contains('≥'));
    }

    #[test]
    fn unsent_messages_say_whether_the_queue_was_full_or_the_connection_gone() {
        let shared = Shared::new(vec![Duration::ZERO; 3]);
        let (sender, receiver) = mpsc::channel(1);
        dispatch(&shared, &sender, 0);
        dispatch(&shared, &sender, 1);
        drop(receiver);
        dispatch(&shared, &sender, 2);
        let status: Vec<u8> = shared
            .status
            .iter()
            .map(|s| s.load(Ordering::Relaxed))
            .collect();
        assert_eq!(status, [QUEUED, UNSENT_QUEUE_FULL, UNSENT_CONNECTION_GONE]);

        // Message 0 never left the queue: at the end it counts as unsent, queue full.
        let plan = plan(1, 1);
        shared.start.set(Instant::now()).unwrap();
        shared.closed_by_server(Some(1008));
        shared.closed_by_server(None);
        shared.closed_by_server(Some(1008));
        let ended = Instant::now();
        let report = summarise(
            &plan,
            &shared,
            Duration::ZERO,
            Duration::ZERO,
            ended,
            memory(),
        );
        assert_eq!(
            (report.unsent_queue_full, report.unsent_connection_gone),
            (2, 1)
        );
        assert_eq!(report.closed_by_server, 3);
        assert_eq!(
            report.close_codes,
            [
                CloseCount {
                    code: None,
                    count: 1
                },
                CloseCount {
                    code: Some(1008),
                    count: 2
                },
            ]
        );
        let text = report.to_string();
        assert!(
            text.contains("unsent: 2 (send queue full), 1 (connection gone)"),
            "{text}"
        );
        assert!(
            text.contains(
                "closed by the server: 3 connections (1008 policy violation ×2, no close frame ×1)"
            ),
            "{text}"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(
            json["close_codes"],
            serde_json::json!([{"code": null, "count": 1}, {"code": 1008, "count": 2}])
        );
        assert!(!report.is_complete());
    }

    fn memory() -> Memory {
        Memory {
            server_before_kib: None,
            server_joined_kib: None,
            generator_before_kib: None,
            generator_joined_kib: None,
        }
    }

    #[test]
    fn memory_is_read_from_proc() {
        assert!(own_rss().is_some_and(|kib| kib > 0));
        assert!(rss_kib("no-such-process").is_none());
    }
}
