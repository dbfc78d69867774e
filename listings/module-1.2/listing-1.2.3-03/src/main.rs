//! Registers a few routes of a typical JSON API and matches some requests against them.
use listing_1_2_3_03::{RouteError, Router};

// ANCHOR: main
fn main() -> Result<(), RouteError> {
    let mut router = Router::new();
    router.add("/users", "list_users")?;
    router.add("/users/me", "current_user")?;
    router.add("/users/:id", "get_user")?;
    router.add("/users/:id/posts/:post", "get_post")?;
    router.add("/health", "health")?;

    for path in [
        "/users",
        "/users/me",
        "/users/42",
        "/users/42/posts/7",
        "/users/42/posts",
        "/health/",
    ] {
        match router.find(path) {
            Some(m) => println!("{path:<20} -> {:<13} {:?}", m.handler, m.params),
            None => println!("{path:<20} -> 404"),
        }
    }
    if let Err(error) = router.add("/users/:user_id", "again") {
        println!("refused: {error}");
    }
    Ok(())
}
// ANCHOR_END: main
