use exercise_2_1_1_02::{Queued, drain_bodies, take_body};

#[test]
fn take_body_moves_the_allocation_and_leaves_an_empty_body() {
    let mut request = Queued {
        id: 7,
        body: vec![1; 1024],
    };
    let before = request.body.as_ptr();
    let body = take_body(&mut request);
    assert_eq!(body.as_ptr(), before, "the body was copied, not moved");
    assert_eq!(body.len(), 1024);
    assert!(request.body.is_empty());
    assert_eq!(request.id, 7);
}

#[test]
fn drain_skips_empty_bodies_and_keeps_the_requests() {
    let mut queue = vec![
        Queued {
            id: 1,
            body: b"first".to_vec(),
        },
        Queued {
            id: 2,
            body: vec![],
        },
        Queued {
            id: 3,
            body: b"third".to_vec(),
        },
    ];
    let third = queue[2].body.as_ptr();
    let drained = drain_bodies(&mut queue);
    assert_eq!(
        drained,
        vec![(1, b"first".to_vec()), (3, b"third".to_vec())]
    );
    assert_eq!(drained[1].1.as_ptr(), third);
    assert_eq!(queue.len(), 3);
    assert!(queue.iter().all(|request| request.body.is_empty()));
}

#[test]
fn draining_twice_finds_nothing() {
    let mut queue = vec![Queued {
        id: 1,
        body: b"once".to_vec(),
    }];
    assert_eq!(drain_bodies(&mut queue).len(), 1);
    assert!(drain_bodies(&mut queue).is_empty());
}
