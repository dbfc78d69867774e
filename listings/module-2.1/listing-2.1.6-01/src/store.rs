//! One task owns the map; connection tasks send it requests through a bounded queue.
//!
//! A single owner needs no lock, and the bounded queue is the backpressure: when the store
//! falls behind, `Store::call` waits for room, so connection tasks stop reading from their
//! sockets, and clients see their own writes slow down instead of the server's memory growing.

use crate::codec::{Request, Response};
use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

/// The store task has stopped (the server is shutting down).
#[derive(Debug, thiserror::Error)]
#[error("the store is closed")]
pub struct StoreClosed;

// ANCHOR: store
type Job = (Request, oneshot::Sender<Response>);

/// A cheap, cloneable handle to the store task.
#[derive(Clone, Debug)]
pub struct Store {
    jobs: mpsc::Sender<Job>,
}

impl Store {
    /// Starts the store task with a queue of `capacity` requests.
    pub fn spawn(capacity: usize) -> Store {
        let (jobs, mut queue) = mpsc::channel::<Job>(capacity);
        tokio::spawn(async move {
            let mut map = HashMap::new();
            // Ends when every `Store` handle has been dropped.
            while let Some((request, reply)) = queue.recv().await {
                let response = match request {
                    Request::Set { key, value } => {
                        map.insert(key, value);
                        Response::Ok
                    }
                    Request::Get { key } => map
                        .get(&key)
                        .cloned()
                        .map_or(Response::NotFound, Response::Value),
                    Request::Del { key } => map
                        .remove(&key)
                        .map_or(Response::NotFound, |_| Response::Ok),
                };
                // The connection may have gone away meanwhile; that is not the store's problem.
                let _ = reply.send(response);
            }
        });
        Store { jobs }
    }

    /// Sends a request and waits for its response; waits for room when the queue is full.
    pub async fn call(&self, request: Request) -> Result<Response, StoreClosed> {
        let (reply, response) = oneshot::channel();
        self.jobs
            .send((request, reply))
            .await
            .map_err(|_| StoreClosed)?;
        response.await.map_err(|_| StoreClosed)
    }
}
// ANCHOR_END: store
