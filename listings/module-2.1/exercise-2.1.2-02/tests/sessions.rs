use exercise_2_1_2_02::{Session, expire, extend};

fn session(token: &str, expires_at: u64) -> Session {
    Session {
        token: token.to_string(),
        expires_at,
    }
}

fn tokens(sessions: &[Session]) -> Vec<&str> {
    sessions.iter().map(|s| s.token.as_str()).collect()
}

#[test]
fn expire_splits_and_keeps_order() {
    let mut sessions = vec![
        session("a", 10),
        session("b", 30),
        session("c", 20),
        session("d", 5),
        session("e", 40),
    ];
    let expired = expire(&mut sessions, 20);
    assert_eq!(tokens(&expired), ["a", "c", "d"]);
    assert_eq!(tokens(&sessions), ["b", "e"]);
}

#[test]
fn expire_on_an_empty_list_returns_nothing() {
    let mut sessions = Vec::new();
    assert!(expire(&mut sessions, 100).is_empty());
    assert!(sessions.is_empty());
}

#[test]
fn consecutive_expired_sessions_are_all_removed() {
    // A loop that removes by index and then moves on skips the element after each removal.
    let mut sessions = vec![session("x", 1), session("y", 2), session("z", 99)];
    let expired = expire(&mut sessions, 50);
    assert_eq!(tokens(&expired), ["x", "y"]);
    assert_eq!(tokens(&sessions), ["z"]);
}

#[test]
fn extend_changes_only_active_sessions() {
    let mut sessions = vec![session("a", 10), session("b", 10), session("c", 10)];
    assert_eq!(extend(&mut sessions, &["a", "c", "zzz"], 60), 2);
    let expiries: Vec<u64> = sessions.iter().map(|s| s.expires_at).collect();
    assert_eq!(expiries, [70, 10, 70]);
}
