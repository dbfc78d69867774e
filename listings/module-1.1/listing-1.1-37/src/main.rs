//! Five experiments with TCP's loss recovery, in two network namespaces (needs root).
use listing_1_1_37::experiments::{
    self, CONGESTION_CONTROL, DeadPeer, Happened, give_up_settings, give_up_time,
};
use listing_1_1_37::info::TcpInfo;
use listing_1_1_37::lab::{self, Lab};
use std::process::ExitCode;
use std::time::Duration;

// ANCHOR: main
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
        let what = match moment.what {
            Happened::Sent => "4 segments sent".to_string(),
            Happened::Probe => "tail loss probe".to_string(),
            Happened::Timeout(n) => format!("timeout {n}"),
            Happened::PathRestored => "path restored".to_string(),
            Happened::Delivered => "all acknowledged".to_string(),
        };
        let at = format!("{:.1?}", moment.at);
        println!("   {at:>8}  {what:<17} {}", fields(&moment.info));
    }

    let limit = Duration::from_millis(1500);
    println!("\n4. the peer vanishes while data is unacknowledged");
    let dead = experiments::user_timeout(&lab, limit)?;
    report(&dead, "TCP_USER_TIMEOUT");
    let (retries, rto_min, rto_max) = give_up_settings();
    println!(
        "   without it, the kernel gives up after tcp_retries2 = {retries} timeouts: {:.1?}",
        give_up_time(retries, rto_min, rto_max)
    );

    let idle = Duration::from_secs(1);
    println!("\n5. the peer vanishes while the connection is idle");
    let dead = experiments::keepalive(&lab, idle)?;
    report(&dead, "keepalive");
    Ok(())
}
// ANCHOR_END: main

/// The fields `ss -ti` prints, in its words.
fn fields(info: &TcpInfo) -> String {
    let ssthresh = info.ssthresh.map_or("-".to_string(), |n| n.to_string());
    format!(
        "cwnd {:<3} ssthresh {ssthresh:<3} rto {:<8} retrans {}",
        info.cwnd,
        format!("{:.0?}", info.rto),
        info.total_retrans
    )
}

fn report(dead: &DeadPeer, setting: &str) {
    match dead.without.error {
        None => println!(
            "   without {setting}: still open after {:.1?}, {} timeouts so far",
            dead.without.after, dead.without.timeouts_so_far
        ),
        Some(kind) => println!("   without {setting}: closed ({kind})"),
    }
    match dead.with.error {
        Some(kind) => println!(
            "   with {setting}:    read failed after {:.1?}: {kind}",
            dead.with.after
        ),
        None => println!(
            "   with {setting}:    still open after {:.1?}",
            dead.with.after
        ),
    }
}
