//! What "done" means for Exercise 1.2.8-2.
use exercise_1_2_8_02::{BoundedQueue, PopError, PushError};
use std::thread;
use std::time::{Duration, Instant};

const SHORT: Duration = Duration::from_millis(30);
const LONG: Duration = Duration::from_secs(5);

#[test]
fn items_come_out_in_order() {
    let queue = BoundedQueue::new(3);
    for item in 1..=3 {
        queue.push_timeout(item, SHORT).expect("room");
    }
    assert_eq!(queue.len(), 3);
    assert_eq!(queue.pop_timeout(SHORT), Ok(1));
    assert_eq!(queue.pop_timeout(SHORT), Ok(2));
    assert_eq!(queue.pop_timeout(SHORT), Ok(3));
    assert!(queue.is_empty());
}

#[test]
fn a_full_queue_times_out_and_returns_the_item() {
    let queue = BoundedQueue::new(1);
    queue.push_timeout("first", SHORT).expect("room");
    let started = Instant::now();
    assert_eq!(
        queue.push_timeout("second", SHORT),
        Err(PushError::Full("second"))
    );
    assert!(started.elapsed() >= SHORT, "gave up before the timeout");
    assert!(
        started.elapsed() < LONG,
        "waited far longer than the timeout"
    );
}

#[test]
fn an_empty_queue_times_out() {
    let queue = BoundedQueue::<u32>::new(1);
    let started = Instant::now();
    assert_eq!(queue.pop_timeout(SHORT), Err(PopError::Empty));
    assert!(started.elapsed() >= SHORT, "gave up before the timeout");
}

#[test]
fn a_waiting_pop_gets_an_item_pushed_later() {
    let queue = BoundedQueue::new(1);
    thread::scope(|scope| {
        let consumer = scope.spawn(|| queue.pop_timeout(LONG));
        thread::sleep(SHORT);
        queue.push_timeout(42, SHORT).expect("room");
        assert_eq!(consumer.join().expect("consumer panicked"), Ok(42));
    });
}

#[test]
fn a_waiting_push_gets_room_made_later() {
    let queue = BoundedQueue::new(1);
    queue.push_timeout(1, SHORT).expect("room");
    thread::scope(|scope| {
        let producer = scope.spawn(|| queue.push_timeout(2, LONG));
        thread::sleep(SHORT);
        assert_eq!(queue.pop_timeout(SHORT), Ok(1));
        assert_eq!(producer.join().expect("producer panicked"), Ok(()));
    });
    assert_eq!(queue.pop_timeout(SHORT), Ok(2));
}

#[test]
fn close_drains_then_reports_closed() {
    let queue = BoundedQueue::new(2);
    queue.push_timeout('a', SHORT).expect("room");
    queue.close();
    assert_eq!(queue.push_timeout('b', SHORT), Err(PushError::Closed('b')));
    assert_eq!(queue.pop_timeout(SHORT), Ok('a'));
    assert_eq!(queue.pop_timeout(SHORT), Err(PopError::Closed));
}

#[test]
fn close_wakes_blocked_threads_at_once() {
    let full = BoundedQueue::new(1);
    full.push_timeout(0, SHORT).expect("room");
    let empty = BoundedQueue::<u32>::new(1);
    thread::scope(|scope| {
        let producer = scope.spawn(|| {
            let started = Instant::now();
            (full.push_timeout(1, LONG), started.elapsed())
        });
        let consumer = scope.spawn(|| {
            let started = Instant::now();
            (empty.pop_timeout(LONG), started.elapsed())
        });
        thread::sleep(SHORT);
        full.close();
        empty.close();
        let (pushed, push_waited) = producer.join().expect("producer panicked");
        let (popped, pop_waited) = consumer.join().expect("consumer panicked");
        assert_eq!(pushed, Err(PushError::Closed(1)));
        assert_eq!(popped, Err(PopError::Closed));
        assert!(
            push_waited < LONG && pop_waited < LONG,
            "close did not wake the waiters"
        );
    });
}

#[test]
fn many_producers_and_consumers_lose_nothing() {
    let queue = BoundedQueue::new(4);
    let mut received: Vec<u32> = thread::scope(|scope| {
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| {
                    let mut got = Vec::new();
                    while let Ok(item) = queue.pop_timeout(LONG) {
                        got.push(item);
                    }
                    got
                })
            })
            .collect();
        let producers: Vec<_> = (0..3_u32)
            .map(|producer| {
                let queue = &queue;
                scope.spawn(move || {
                    for item in 0..300 {
                        queue
                            .push_timeout(producer * 1_000 + item, LONG)
                            .expect("room in time");
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.join().expect("producer panicked");
        }
        queue.close();
        consumers
            .into_iter()
            .flat_map(|consumer| consumer.join().expect("consumer panicked"))
            .collect()
    });
    received.sort_unstable();
    let expected: Vec<u32> = (0..3_u32)
        .flat_map(|producer| (0..300).map(move |item| producer * 1_000 + item))
        .collect();
    assert_eq!(received, expected);
}
