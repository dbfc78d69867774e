//! Five experiments with TCP's loss recovery, in two network namespaces (needs root).
use listing_1_1_8_04::experiments::{
    self, CONGESTION_CONTROL, Happened, Moment, Outcome, TCP_RTO_MIN, give_up_settings,
    give_up_time,
};
use listing_1_1_8_04::info::TcpInfo;
use listing_1_1_8_04::lab::{self, Lab};
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    if let Err(error) = lab::check_prerequisites() {
        eprintln!("skipped: {error}");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let lab = Lab::create()?;
    println!(
        "client {} and server {} in two network namespaces, joined by a veth pair; \
         congestion control {CONGESTION_CONTROL}",
        lab::CLIENT,
        lab.server()
    );

    println!("\n1. slow start, nothing lost");
    let slow = experiments::slow_start(&lab)?;
    println!(
        "   after the handshake         {}",
        fields(&slow.after_handshake)
    );
    for (sent, info) in &slow.rounds {
        println!("   {sent:>2} segments acknowledged    {}", fields(info));
    }
    if let Some((_, last)) = slow.rounds.last() {
        println!("   smoothed round-trip time    {:.0?}", last.rtt);
    }

    println!("\n2. the first of 20 segments lost: fast retransmit");
    let fast = experiments::fast_retransmit(&lab)?;
    println!("   before                      {}", fields(&fast.before));
    println!("   after                       {}", fields(&fast.after));
    println!(
        "   fast retransmits {}, retransmission timeouts {}, all acknowledged in {:.1?}",
        fast.fast_retransmits, fast.timeouts, fast.took
    );

    let outage = Duration::from_secs(1);
    println!("\n3. everything lost for {outage:?}: retransmission timeouts");
    for moment in experiments::timeouts(&lab, outage)? {
        print_moment(&moment);
    }

    let limit = Duration::from_millis(1500);
    println!("\n4. the peer vanishes while data is unacknowledged");
    let dead = experiments::user_timeout(&lab, limit)?;
    println!("   with TCP_USER_TIMEOUT {limit:?}, every retransmission until it gave up:");
    for moment in &dead.timeline {
        print_moment(moment);
    }
    if dead.with.error.is_none() {
        println!(
            "   with TCP_USER_TIMEOUT:    still open after {:.1?}",
            dead.with.after
        );
    }
    report_without(&dead.without, "TCP_USER_TIMEOUT");
    let (retries, rto_max) = give_up_settings();
    println!(
        "   without it, the kernel gives up at the first timeout at least {:.1?}\n   \
         after the first retransmission (tcp_retries2 = {retries})",
        give_up_time(retries, TCP_RTO_MIN, rto_max)
    );

    let idle = Duration::from_secs(1);
    println!("\n5. the peer vanishes while the connection is idle");
    let dead = experiments::keepalive(&lab, idle)?;
    report_without(&dead.without, "keepalive");
    match dead.with.error {
        Some(kind) => println!(
            "   with keepalive:    read failed after {:.1?}: {kind}",
            dead.with.after
        ),
        None => println!(
            "   with keepalive:    still open after {:.1?}",
            dead.with.after
        ),
    }
    Ok(())
}

/// One line of a timeline: when, what, and the fields `ss -ti` would show then.
fn print_moment(moment: &Moment) {
    let what = match moment.what {
        Happened::Sent => "4 segments sent".to_string(),
        Happened::Probe => "tail loss probe".to_string(),
        Happened::Timeout(n) => format!("timeout {n}"),
        Happened::PathRestored => "path restored".to_string(),
        Happened::Delivered => "all acknowledged".to_string(),
        Happened::Aborted(kind) => {
            let at = format!("{:.1?}", moment.at);
            println!("   {at:>8}  connection aborted: {kind}");
            return;
        }
    };
    let at = format!("{:.1?}", moment.at);
    println!("   {at:>8}  {what:<17} {}", fields(&moment.info));
}

/// The fields `ss -ti` prints, in its words.
fn fields(info: &TcpInfo) -> String {
    let ssthresh = info.ssthresh.map_or("-".to_string(), |n| n.to_string());
    format!(
        "cwnd {:<3} ssthresh {ssthresh:<3} rto {:<8} retrans {}",
        info.cwnd,
        format!("{}ms", info.rto.as_millis()),
        info.total_retrans
    )
}

fn report_without(without: &Outcome, setting: &str) {
    match without.error {
        None => println!(
            "   without {setting}: still open after {:.1?}, {} timeouts so far",
            without.after, without.timeouts_so_far
        ),
        Some(kind) => println!("   without {setting}: closed ({kind})"),
    }
}
