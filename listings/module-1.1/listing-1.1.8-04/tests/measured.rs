//! The mechanisms the chapter describes, checked on a real kernel in two network namespaces.
//! They need root; without it each test says so and returns, which `cargo test` shows as a
//! pass, so run them as root for them to mean anything. In CI (`CI` set) a missing prerequisite
//! fails the test instead, so that a machine that cannot run them is never mistaken for a pass.
use listing_1_1_8_04::experiments::{self, Happened};
use listing_1_1_8_04::lab::{self, Lab};
use std::io::ErrorKind;
use std::time::Duration;

/// A lab, or `None` with a message when this machine cannot make one.
fn lab() -> Option<Lab> {
    if let Err(why) = lab::check_prerequisites() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run these tests, but: {why}"
        );
        eprintln!("skipped: {why}");
        return None;
    }
    Some(Lab::create().expect("a lab"))
}

#[test]
fn the_initial_window_is_ten_segments_and_slow_start_doubles_it() {
    let Some(lab) = lab() else { return };
    let slow = experiments::slow_start(&lab).expect("slow start");
    // RFC 6928's initial window, and no threshold before the first loss.
    assert_eq!(slow.after_handshake.cwnd, 10);
    assert_eq!(slow.after_handshake.ssthresh, None);
    let windows: Vec<u32> = slow.rounds.iter().map(|(_, info)| info.cwnd).collect();
    assert_eq!(windows, [20, 40], "{slow:?}");
}

#[test]
fn one_lost_segment_is_resent_without_a_timeout_and_halves_the_window() {
    let Some(lab) = lab() else { return };
    let fast = experiments::fast_retransmit(&lab).expect("fast retransmit");
    assert_eq!(fast.before.cwnd, 20);
    assert!(fast.fast_retransmits >= 1, "{fast:?}");
    assert_eq!(fast.timeouts, 0, "{fast:?}");
    // Reno's multiplicative decrease: half the window at the loss.
    assert_eq!(fast.after.ssthresh, Some(10), "{fast:?}");
    assert_eq!(fast.after.total_retrans, 1, "{fast:?}");
    // Well before the 200 ms minimum of the retransmission timer.
    assert!(fast.took < Duration::from_millis(150), "{fast:?}");
}

#[test]
fn timeouts_back_off_exponentially_and_reset_the_window_to_one() {
    let Some(lab) = lab() else { return };
    let moments = experiments::timeouts(&lab, Duration::from_secs(1)).expect("timeouts");
    let timeouts: Vec<_> = moments
        .iter()
        .filter(|moment| matches!(moment.what, Happened::Timeout(_)))
        .collect();
    assert_eq!(timeouts.len(), 2, "{moments:?}");
    for moment in &timeouts {
        assert_eq!(moment.info.cwnd, 1, "{moment:?}");
        assert_eq!(moment.info.ssthresh, Some(10), "{moment:?}");
    }
    // Each timeout doubles the timer (RFC 6298, section 5.5).
    assert_eq!(
        timeouts[1].info.rto,
        timeouts[0].info.rto * 2,
        "{moments:?}"
    );
    let gap = timeouts[1].at - timeouts[0].at;
    assert!(
        gap >= timeouts[0].info.rto - Duration::from_millis(20),
        "{moments:?}"
    );
    assert!(
        matches!(moments.last().map(|m| &m.what), Some(Happened::Delivered)),
        "{moments:?}"
    );
}

#[test]
fn tcp_user_timeout_bounds_how_long_a_dead_peer_goes_unnoticed() {
    let Some(lab) = lab() else { return };
    let limit = Duration::from_millis(1500);
    let dead = experiments::user_timeout(&lab, limit).expect("user timeout");
    assert_eq!(dead.with.error, Some(ErrorKind::TimedOut), "{dead:?}");
    assert_eq!(dead.without.error, None, "{dead:?}");
    assert!(dead.without.timeouts_so_far >= 2, "{dead:?}");

    // Linux counts the limit from the first retransmission by the timer, not from the write:
    // with one small segment in flight, a tail loss probe comes first, after at least the
    // minimum RTO of 200 ms, and the first timeout at least 200 ms after that.
    let first_timeout = dead
        .timeline
        .iter()
        .find(|moment| moment.what == Happened::Timeout(1))
        .expect("a first timeout");
    assert!(first_timeout.at >= Duration::from_millis(400), "{dead:?}");
    let aborted = dead.timeline.last().expect("a timeline");
    assert_eq!(
        aborted.what,
        Happened::Aborted(ErrorKind::TimedOut),
        "{dead:?}"
    );
    // The timer is shortened to fire when the limit runs out, not at the next doubling.
    let counted = aborted.at - first_timeout.at;
    assert!(
        counted >= limit - Duration::from_millis(10)
            && counted < limit + Duration::from_millis(300),
        "{counted:?} from the first timeout to the abort: {dead:?}"
    );
}

#[test]
fn keepalive_notices_a_dead_peer_on_an_idle_connection() {
    let Some(lab) = lab() else { return };
    let idle = Duration::from_secs(1);
    let dead = experiments::keepalive(&lab, idle).expect("keepalive");
    assert_eq!(dead.with.error, Some(ErrorKind::TimedOut), "{dead:?}");
    // One probe after a second of silence, and a second to answer it.
    assert!(dead.with.after >= idle * 2, "{dead:?}");
    assert!(dead.with.after < idle * 4, "{dead:?}");
    assert_eq!(dead.without.error, None, "{dead:?}");
    assert_eq!(dead.without.timeouts_so_far, 0, "{dead:?}");
}
