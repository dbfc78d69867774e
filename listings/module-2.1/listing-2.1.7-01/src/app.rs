//! The routes the examples and the tests serve.

use crate::parser::Request;
use crate::response::Response;

// ANCHOR: app
/// `GET /` says hello; `POST /echo` sends the body back; everything else is 404 or 405.
pub fn route(request: &Request) -> Response {
    match (request.method.as_str(), request.target.as_str()) {
        ("GET", "/") => Response::text(200, "hello from tinyhttp\n"),
        ("POST", "/echo") => {
            let content_type = request
                .header("content-type")
                .unwrap_or("application/octet-stream");
            Response::new(200)
                .header("Content-Type", content_type)
                .body(request.body.clone())
        }
        (_, "/" | "/echo") => {
            let allow = if request.target == "/" { "GET" } else { "POST" };
            Response::text(405, "method not allowed\n").header("Allow", allow)
        }
        _ => Response::text(404, "not found\n"),
    }
}
// ANCHOR_END: app
