// Not part of the crate: `output.txt` shows rustc rejecting it.
use std::rc::Rc;

/// The bound `tokio::spawn` puts on the future it is given.
fn require_send<T: Send>(_: T) {}

async fn tick() {} // stands in for any `.await` that can suspend

pub fn spawn_counter() {
    require_send(async {
        let counter = Rc::new(0);
        tick().await;
        println!("{counter}");
    });
}
