//! An HTTP router built on a trie of path segments.
//!
//! Each edge of the trie is one segment of a path (`users`, `42`), so matching a request walks
//! down one edge per segment: the cost depends on the length of the path, not on how many
//! routes are registered. A segment written `:name` in a route matches any one segment and
//! captures it. A literal segment wins over a capture when both could match, which is what
//! lets `/users/me` and `/users/:id` live side by side.
use std::collections::HashMap;

// ANCHOR: types
#[derive(Debug, Default)]
struct Node<H> {
    /// Edges labelled with a literal segment.
    literal: HashMap<String, Node<H>>,
    /// At most one edge that captures any segment, with the name to capture it under.
    capture: Option<(String, Box<Node<H>>)>,
    /// The handler for a route that ends at this node.
    handler: Option<H>,
}

#[derive(Debug)]
pub struct Router<H> {
    root: Node<H>,
}

/// A successful match: the handler and the captured segments, in route order.
#[derive(Debug, PartialEq, Eq)]
pub struct Match<'r, 'p, H> {
    pub handler: &'r H,
    pub params: Vec<(&'r str, &'p str)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RouteError {
    #[error("route {0:?} is already registered")]
    Duplicate(String),
    #[error("route {route:?} names capture :{new} where another route names it :{existing}")]
    ConflictingCapture {
        route: String,
        existing: String,
        new: String,
    },
}
// ANCHOR_END: types

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

impl<H> Default for Router<H> {
    fn default() -> Self {
        Self::new()
    }
}

impl<H> Router<H> {
    pub fn new() -> Self {
        Self {
            root: Node {
                literal: HashMap::new(),
                capture: None,
                handler: None,
            },
        }
    }

    pub fn add(&mut self, route: &str, handler: H) -> Result<(), RouteError> {
        let mut node = &mut self.root;
        for segment in segments(route) {
            node = if let Some(name) = segment.strip_prefix(':') {
                let (existing, child) = node.capture.get_or_insert_with(|| {
                    (
                        name.to_string(),
                        Box::new(Node {
                            literal: HashMap::new(),
                            capture: None,
                            handler: None,
                        }),
                    )
                });
                if existing != name {
                    return Err(RouteError::ConflictingCapture {
                        route: route.to_string(),
                        existing: existing.clone(),
                        new: name.to_string(),
                    });
                }
                child
            } else {
                node.literal
                    .entry(segment.to_string())
                    .or_insert_with(|| Node {
                        literal: HashMap::new(),
                        capture: None,
                        handler: None,
                    })
            };
        }
        if node.handler.is_some() {
            return Err(RouteError::Duplicate(route.to_string()));
        }
        node.handler = Some(handler);
        Ok(())
    }

    // ANCHOR: find
    /// Matches a request path. Tries the literal edge first and falls back to the capture
    /// edge, backtracking if the literal branch dead-ends further down.
    pub fn find<'r, 'p>(&'r self, path: &'p str) -> Option<Match<'r, 'p, H>> {
        let parts: Vec<&'p str> = segments(path).collect();
        let mut params = Vec::new();
        let handler = Self::walk(&self.root, &parts, &mut params)?;
        Some(Match { handler, params })
    }

    fn walk<'r, 'p>(
        node: &'r Node<H>,
        parts: &[&'p str],
        params: &mut Vec<(&'r str, &'p str)>,
    ) -> Option<&'r H> {
        let Some((first, rest)) = parts.split_first() else {
            return node.handler.as_ref();
        };
        if let Some(child) = node.literal.get(*first)
            && let Some(handler) = Self::walk(child, rest, params)
        {
            return Some(handler);
        }
        let (name, child) = node.capture.as_ref()?;
        params.push((name.as_str(), *first));
        let found = Self::walk(child, rest, params);
        if found.is_none() {
            params.pop();
        }
        found
    }
    // ANCHOR_END: find
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> Router<&'static str> {
        let mut router = Router::new();
        for (route, handler) in [
            ("/", "index"),
            ("/users", "list_users"),
            ("/users/me", "current_user"),
            ("/users/:id", "get_user"),
            ("/users/:id/posts/:post", "get_post"),
            ("/static/css/site.css", "stylesheet"),
        ] {
            router.add(route, handler).expect("routes are distinct");
        }
        router
    }

    #[test]
    fn literals_beat_captures() {
        let router = router();
        assert_eq!(
            router.find("/users/me").map(|m| *m.handler),
            Some("current_user")
        );
        let m = router.find("/users/42").expect("matches :id");
        assert_eq!((*m.handler, m.params), ("get_user", vec![("id", "42")]));
    }

    #[test]
    fn captures_are_collected_in_order_and_trailing_slashes_ignored() {
        let router = router();
        let m = router.find("/users/7/posts/99/").expect("matches");
        assert_eq!(m.params, vec![("id", "7"), ("post", "99")]);
        assert_eq!(router.find("/").map(|m| *m.handler), Some("index"));
    }

    #[test]
    fn backtracks_from_a_literal_dead_end() {
        let mut router = Router::new();
        router
            .add("/users/me/settings", "settings")
            .expect("new route");
        router.add("/users/:id/posts", "posts").expect("new route");
        let m = router.find("/users/me/posts").expect("falls back to :id");
        assert_eq!((*m.handler, m.params), ("posts", vec![("id", "me")]));
    }

    #[test]
    fn misses_and_registration_errors() {
        let mut router = router();
        assert!(router.find("/users/7/posts").is_none());
        assert!(router.find("/nope").is_none());
        assert_eq!(
            router.add("/users/:id", "again"),
            Err(RouteError::Duplicate("/users/:id".into()))
        );
        assert!(matches!(
            router.add("/users/:name/x", "x"),
            Err(RouteError::ConflictingCapture { .. })
        ));
    }
}
