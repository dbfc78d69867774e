//! A simulation of request handlers on a pool of threads, all sharing one `AppState`.
//!
//! Each field of the state gets the synchronization that fits how it is used: plain data for
//! configuration that never changes, an atomic for a counter, a `Mutex` for a map that every
//! request writes, and an `RwLock` for a catalog that is read far more often than written.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread;

// ANCHOR: state
/// Everything the handlers share. It is built once, then only ever reached through `Arc`.
struct AppState {
    /// Read-only after start-up: no lock needed.
    service_name: String,
    /// Incremented by every request.
    requests: AtomicU64,
    /// Requests per route, written by every request.
    hits: Mutex<HashMap<&'static str, u64>>,
    /// Stock per SKU: read by most requests, written by a few.
    stock: RwLock<BTreeMap<String, u64>>,
}
// ANCHOR_END: state

/// The requests this simulation knows.
#[derive(Debug, Clone)]
enum Request {
    GetStock(String),
    Restock(String, u64),
}

// ANCHOR: handler
/// A handler borrows the shared state for the duration of one request.
fn handle(state: &AppState, request: &Request) -> (u16, String) {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let route = match request {
        Request::GetStock(_) => "GET /stock/{sku}",
        Request::Restock(..) => "POST /stock/{sku}/restock",
    };
    // The guard is a temporary: the lock is released at the end of this statement. A panic in
    // another handler while it held the lock "poisons" it; the counters are still usable, so
    // take them anyway instead of failing every later request.
    *state
        .hits
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(route)
        .or_insert(0) += 1;

    match request {
        Request::GetStock(sku) => {
            let stock = state.stock.read().unwrap_or_else(PoisonError::into_inner);
            match stock.get(sku) {
                Some(count) => (200, format!("{{\"sku\":\"{sku}\",\"stock\":{count}}}")),
                None => (404, format!("{{\"error\":\"unknown sku {sku}\"}}")),
            }
        }
        Request::Restock(sku, amount) => {
            let mut stock = state.stock.write().unwrap_or_else(PoisonError::into_inner);
            match stock.get_mut(sku) {
                Some(count) => {
                    *count += amount;
                    (200, format!("{{\"sku\":\"{sku}\",\"stock\":{count}}}"))
                }
                None => (404, format!("{{\"error\":\"unknown sku {sku}\"}}")),
            }
        }
    }
}
// ANCHOR_END: handler

/// The same mix of requests for every run: 1 restock in 5, one unknown SKU in 10.
fn workload(count: usize) -> Vec<Request> {
    let skus = ["LAMP-1", "MUG-7", "DESK-3", "CHAIR-9"];
    (0..count)
        .map(|i| {
            let sku = if i % 10 == 9 {
                "NOPE-0".to_string()
            } else {
                skus[i % skus.len()].to_string()
            };
            if i % 5 == 0 {
                Request::Restock(sku, 1)
            } else {
                Request::GetStock(sku)
            }
        })
        .collect()
}

// ANCHOR: main
const WORKERS: usize = 4;

fn main() {
    let stock = ["LAMP-1", "MUG-7", "DESK-3", "CHAIR-9"]
        .into_iter()
        .map(|sku| (sku.to_string(), 100))
        .collect();
    let state = Arc::new(AppState {
        service_name: "catalog".to_string(),
        requests: AtomicU64::new(0),
        hits: Mutex::new(HashMap::new()),
        stock: RwLock::new(stock),
    });

    let requests = workload(10_000);
    let handles_for_workers: Vec<Arc<AppState>> =
        (0..WORKERS).map(|_| Arc::clone(&state)).collect();
    println!(
        "strong count with {WORKERS} worker handles: {}",
        Arc::strong_count(&state)
    );

    let workers: Vec<_> = handles_for_workers
        .into_iter()
        .zip(requests.chunks(requests.len() / WORKERS))
        .map(|(state, chunk)| {
            let chunk = chunk.to_vec(); // each thread owns its share of the requests
            thread::spawn(move || {
                let mut not_found = 0;
                for request in &chunk {
                    let (status, _body) = handle(&state, request);
                    if status == 404 {
                        not_found += 1;
                    }
                }
                not_found
            })
        })
        .collect();

    let mut not_found = 0;
    for worker in workers {
        not_found += worker.join().expect("a handler thread panicked");
    }

    println!(
        "strong count after the workers ended: {}",
        Arc::strong_count(&state)
    );
    println!(
        "{}: {} requests, {not_found} not found",
        state.service_name,
        state.requests.load(Ordering::Relaxed)
    );
    let hits = state.hits.lock().unwrap_or_else(PoisonError::into_inner);
    let mut routes: Vec<_> = hits.iter().collect();
    routes.sort();
    for (route, count) in routes {
        println!("  {route:<26} {count}");
    }
    let stock = state.stock.read().unwrap_or_else(PoisonError::into_inner);
    for (sku, count) in stock.iter() {
        println!("  stock {sku:<8} {count}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        AppState {
            service_name: "test".to_string(),
            requests: AtomicU64::new(0),
            hits: Mutex::new(HashMap::new()),
            stock: RwLock::new(BTreeMap::from([("A".to_string(), 1)])),
        }
    }

    #[test]
    fn restock_then_read() {
        let state = state();
        assert_eq!(
            handle(&state, &Request::Restock("A".to_string(), 2)),
            (200, "{\"sku\":\"A\",\"stock\":3}".to_string())
        );
        assert_eq!(handle(&state, &Request::GetStock("A".to_string())).0, 200);
        assert_eq!(state.requests.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn unknown_sku_is_404() {
        let state = state();
        assert_eq!(handle(&state, &Request::GetStock("B".to_string())).0, 404);
        assert_eq!(handle(&state, &Request::Restock("B".to_string(), 1)).0, 404);
    }

    #[test]
    fn the_workload_is_the_same_every_time() {
        assert_eq!(workload(100).len(), 100);
        assert!(matches!(workload(10)[9], Request::GetStock(ref sku) if sku == "NOPE-0"));
    }
}
