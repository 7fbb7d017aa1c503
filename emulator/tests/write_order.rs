//! change_password's writes happen after its answer (the same time for known
//! and unknown emails); they still land in the order they were answered.

use emulator::{config::Config, store::Store, AppState};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_writes_run_in_the_order_they_were_queued() {
    let state = Arc::new(AppState::new(
        Config::embedded_default(),
        Store::open(":memory:").unwrap(),
    ));
    let order = Arc::new(Mutex::new(Vec::new()));
    for write in 0..8u64 {
        let order = order.clone();
        // The first writes take the longest: run side by side, they would
        // end last.
        state.write_later(move |_| {
            std::thread::sleep(Duration::from_millis(45 - 5 * write));
            order.lock().unwrap().push(write);
        });
    }
    state.flush_writes().await;
    assert_eq!(*order.lock().unwrap(), (0..8).collect::<Vec<_>>());
}
