//! A future and an executor with nothing but the standard library: a timer that is `Pending`
//! until a helper thread wakes it, and a `block_on` that parks the thread between polls.
//! Every step prints, so that you can see who calls whom and when.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

// ANCHOR: timer
/// Completes once `duration` has passed since it was first polled.
pub struct Timer {
    name: &'static str,
    duration: Duration,
    polls: u32,
    shared: Arc<Mutex<Shared>>,
}

/// What the timer thread and the future both touch.
#[derive(Default)]
struct Shared {
    fired: bool,
    started: bool,
    waker: Option<Waker>,
}

impl Timer {
    pub fn new(name: &'static str, duration: Duration) -> Self {
        Timer {
            name,
            duration,
            polls: 0,
            shared: Arc::default(),
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic while holding this lock leaves no broken invariant behind, so carry on.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Future for Timer {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let this = self.get_mut(); // Timer holds no self-references, so it is Unpin
        this.polls += 1;
        let mut shared = lock(&this.shared);
        if shared.fired {
            println!("  {} poll #{}: Ready", this.name, this.polls);
            return Poll::Ready(this.polls);
        }
        // Always store the waker of the *latest* poll: the executor may have changed it.
        shared.waker = Some(cx.waker().clone());
        if !shared.started {
            shared.started = true;
            let (shared, duration) = (Arc::clone(&this.shared), this.duration);
            thread::spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut state = lock(&shared);
                    state.fired = true;
                    state.waker.take()
                };
                // Wake outside the lock: the executor may poll again at once.
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        }
        println!(
            "  {} poll #{}: Pending (waker stored)",
            this.name, this.polls
        );
        Poll::Pending
    }
}
// ANCHOR_END: timer

// ANCHOR: block_on
/// Wakes the executor's thread by unparking it.
struct ThreadWaker {
    thread: Thread,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.thread.unpark();
    }
}

/// Runs one future to completion on the current thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker {
        thread: thread::current(),
    }));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => {
                let parked = Instant::now();
                // `park` may return spuriously; polling again is always allowed.
                thread::park();
                println!(
                    "executor: woken after {:.1?}, polling again",
                    parked.elapsed()
                );
            }
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: main
async fn two_timers() -> u32 {
    println!("  two_timers: started");
    let first = Timer::new("first", Duration::from_millis(50)).await;
    println!("  two_timers: first timer done after {first} polls");
    let second = Timer::new("second", Duration::from_millis(30)).await;
    println!("  two_timers: second timer done after {second} polls");
    first + second
}

fn main() {
    let future = two_timers();
    println!("main: created the future; nothing has run yet");
    thread::sleep(Duration::from_millis(20));
    println!("main: calling block_on");
    let total = block_on(future);
    println!("main: block_on returned {total}");
}
// ANCHOR_END: main
