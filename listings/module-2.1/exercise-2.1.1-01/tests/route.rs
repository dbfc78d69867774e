use exercise_2_1_1_01::{Method, Request, Routed, route};

fn request(method: Method, path: &str, body: &[u8]) -> Request {
    Request {
        method,
        path: path.to_string(),
        body: body.to_vec(),
    }
}

#[test]
fn an_empty_batch_routes_to_nothing() {
    assert_eq!(route(Vec::new()), Routed::default());
}

#[test]
fn reads_and_writes_keep_their_order() {
    let batch = vec![
        request(Method::Get, "/a", b""),
        request(Method::Post, "/b", b"{}"),
        request(Method::Head, "/c", b""),
        request(Method::Delete, "/d", b""),
        request(Method::Put, "/e", b"[1]"),
    ];
    let routed = route(batch);
    let reads: Vec<&str> = routed.reads.iter().map(|r| r.path.as_str()).collect();
    let writes: Vec<&str> = routed.writes.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(reads, ["/a", "/c"]);
    assert_eq!(writes, ["/b", "/d", "/e"]);
}

#[test]
fn requests_are_moved_not_cloned() {
    let batch = vec![
        request(Method::Post, "/upload", &[7; 4096]),
        request(Method::Get, "/download", b"ignored body"),
    ];
    // Where the heap buffers live before routing. A clone would allocate new ones.
    let upload_body = batch[0].body.as_ptr();
    let upload_path = batch[0].path.as_ptr();
    let download_body = batch[1].body.as_ptr();

    let routed = route(batch);

    assert_eq!(routed.writes[0].body.as_ptr(), upload_body);
    assert_eq!(routed.writes[0].path.as_ptr(), upload_path);
    assert_eq!(routed.reads[0].body.as_ptr(), download_body);
}
