//! A failing `accept` must not spin. This test makes accept fail for real: it lowers the
//! process's open-file limit and fills every free descriptor, so the kernel completes a client's
//! handshake but `accept` gets EMFILE, again and again, for as long as the limit holds. A loop that
//! retries at once burns a core for that whole time; one that backs off uses almost no CPU.
//!
//! It lives alone in this file because the limit applies to the whole test process.
use exercise_2_1_6_02::{Limits, serve};
use nix::sys::resource::{Resource, UsageWho, getrlimit, getrusage, setrlimit};
use std::fs::File;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket};
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

const EMFILE: i32 = nix::errno::Errno::EMFILE as i32;
const WAIT: Duration = Duration::from_secs(5);
/// How long accept keeps failing while we watch.
const WINDOW: Duration = Duration::from_secs(1);
/// CPU time the whole process may use in `WINDOW`. A spinning accept loop on a core of its own
/// uses all of `WINDOW`; even on a busy machine it gets far more than this.
const CPU_BUDGET: Duration = Duration::from_millis(150);

fn cpu_time() -> Duration {
    let usage = getrusage(UsageWho::RUSAGE_SELF).expect("getrusage");
    let micros = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec().unsigned_abs())
            + Duration::from_micros(t.tv_usec().unsigned_abs())
    };
    micros(usage.user_time()) + micros(usage.system_time())
}

/// Lowers the soft limit and opens `/dev/null` until no descriptor is left.
fn exhaust_descriptors() -> Vec<File> {
    let open_now = std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count();
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    let soft = u64::try_from(open_now + 16).expect("fits");
    setrlimit(Resource::RLIMIT_NOFILE, soft, hard).expect("setrlimit");
    let mut fillers = Vec::new();
    loop {
        match File::open("/dev/null") {
            Ok(file) => fillers.push(file),
            Err(error) if error.raw_os_error() == Some(EMFILE) => return fillers,
            Err(error) => panic!("unexpected error while filling descriptors: {error}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_errors_back_off_instead_of_spinning() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let token = CancellationToken::new();
    let limits = Limits {
        max_connections: 4,
        idle_timeout: Duration::from_secs(10),
        max_line: 1024,
        grace: Duration::from_secs(2),
    };
    let server = tokio::spawn(serve(listener, limits, token.clone()));

    // The client's socket is created now, while descriptors are still free; connecting later
    // needs none.
    let socket = TcpSocket::new_v4().unwrap();
    let (original_soft, original_hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    let fillers = exhaust_descriptors();
    assert_eq!(
        File::open("/dev/null").unwrap_err().raw_os_error(),
        Some(EMFILE),
        "no descriptor is left"
    );
    let stream = timeout(WAIT, socket.connect(addr))
        .await
        .expect("the kernel completes the handshake by itself")
        .unwrap();

    let before = cpu_time();
    tokio::time::sleep(WINDOW).await;
    let used = cpu_time() - before;

    drop(fillers);
    setrlimit(Resource::RLIMIT_NOFILE, original_soft, original_hard).unwrap();

    // Once descriptors are back, the waiting client is accepted and served.
    let mut client = BufReader::new(stream);
    client.get_mut().write_all(b"still there\n").await.unwrap();
    let mut reply = String::new();
    timeout(WAIT, client.read_line(&mut reply))
        .await
        .expect("the server must accept again once accept can succeed")
        .unwrap();
    assert_eq!(reply, "STILL THERE\n");

    assert!(
        used < CPU_BUDGET,
        "the process used {used:?} of CPU in {WINDOW:?} while accept failed: the accept loop spins"
    );
    token.cancel();
    timeout(WAIT, server).await.unwrap().unwrap().unwrap();
}
