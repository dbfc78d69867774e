//! The API contract, checked over real HTTP against a server on an ephemeral port.

mod common;

use common::{client, get_json, product, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(content_type, "application/json", "{status} must be JSON");
    let body: Value = response.json().await.expect("JSON body");
    assert!(body["error"]["code"].is_string(), "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    (status, body)
}

/// Checks that `response` is an error with this status and this machine-readable code.
async fn assert_error(response: reqwest::Response, status: StatusCode, code: &str) {
    let (actual, body) = error_of(response).await;
    assert_eq!(
        (actual, body["error"]["code"].as_str()),
        (status, Some(code))
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let server = start().await;
    let http = client();
    for path in ["/health", "/ready"] {
        let response = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    server.stop().await.unwrap();
}

// ANCHOR: crud_test
#[tokio::test]
async fn create_read_update_delete() {
    let server = start().await;
    let http = client();

    let created = http
        .post(server.url("/products"))
        .json(&product("TEA-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = created.json().await.unwrap();
    let id = body["id"].as_i64().unwrap();
    assert_eq!(location, format!("/products/{id}"));
    assert_eq!(body["sku"], "TEA-1");

    let duplicate = http
        .post(server.url("/products"))
        .json(&product("TEA-1"))
        .send()
        .await
        .unwrap();
    assert_error(duplicate, StatusCode::CONFLICT, "duplicate_sku").await;

    let read = get_json(&http, server.url(&location)).await;
    assert_eq!(read, body);

    let patched = http
        .patch(server.url(&location))
        .json(&json!({ "stock": 0, "name": "Green tea" }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    let patched: Value = patched.json().await.unwrap();
    assert_eq!(
        (patched["stock"].as_i64(), patched["price_cents"].as_i64()),
        (Some(0), Some(250))
    );
    assert_eq!(patched["name"], "Green tea");

    let deleted = http.delete(server.url(&location)).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = http.get(server.url(&location)).send().await.unwrap();
    assert_eq!(error_of(gone).await.0, StatusCode::NOT_FOUND);
    let again = http.delete(server.url(&location)).send().await.unwrap();
    assert_eq!(error_of(again).await.0, StatusCode::NOT_FOUND);
    server.stop().await.unwrap();
}
// ANCHOR_END: crud_test

#[tokio::test]
async fn every_error_has_the_json_shape_and_the_right_status() {
    let server = start().await;
    let http = client();
    let post_raw = |body: Vec<u8>| {
        http.post(server.url("/products"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let truncated = post_raw(b"{\"sku\": ".to_vec()).await.unwrap();
    assert_error(truncated, StatusCode::BAD_REQUEST, "malformed_json").await;

    let invalid = json!({ "sku": "no", "name": "  ", "price_cents": -1, "stock": -2 });
    let (status, body) = error_of(post_raw(invalid.to_string().into_bytes()).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: BTreeSet<&str> = body["error"]["fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from(["name", "price_cents", "sku", "stock"])
    );

    let (status, _) = error_of(post_raw(b"{\"sku\": \"ABC\"}".to_vec()).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "missing fields");

    let huge = vec![b' '; 1024 * 1024 + 1];
    let huge = post_raw(huge).await.unwrap();
    assert_error(huge, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;

    let no_route = http.get(server.url("/nope")).send().await.unwrap();
    assert_eq!(error_of(no_route).await.0, StatusCode::NOT_FOUND);

    let wrong_method = http.put(server.url("/products/1")).send().await.unwrap();
    assert_eq!(
        error_of(wrong_method).await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );

    let bad_id = http.get(server.url("/products/abc")).send().await.unwrap();
    assert_eq!(error_of(bad_id).await.0, StatusCode::BAD_REQUEST);

    let text = http
        .post(server.url("/products"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(text).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let bad_patch = http
        .patch(server.url("/products/1"))
        .json(&json!({ "price_cents": -5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(bad_patch).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_bounded_client_id_is_kept() {
    let server = start().await;
    let http = client();
    let id_of = |response: &reqwest::Response| {
        response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let first = id_of(&http.get(server.url("/nope")).send().await.unwrap());
    let second = id_of(&http.get(server.url("/health")).send().await.unwrap());
    assert_eq!(
        first.len(),
        33,
        "16 hex digits, '-', a 16-digit counter: {first}"
    );
    assert_ne!(first, second);
    assert_eq!(first[..17], second[..17], "one prefix per process");

    let kept = [
        "trace-me-123",
        "0af7651916cd43dd8448eb211c80319c",
        &"x".repeat(64),
    ];
    for id in kept {
        let response = http.get(server.url("/health")).header("x-request-id", id);
        assert_eq!(id_of(&response.send().await.unwrap()), id);
    }
    // Too long, or characters that could forge log structure: replaced, never refused.
    let long = "x".repeat(65);
    for id in [long.as_str(), "two words", "quote\"here", "key=value"] {
        let response = http.get(server.url("/health")).header("x-request-id", id);
        let response = response.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{id}");
        let replaced = id_of(&response);
        assert_ne!(replaced, id);
        assert_eq!(replaced.len(), 33, "{replaced}");
    }
    server.stop().await.unwrap();
}

// ANCHOR: openapi_test
#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let server = start().await;
    let document = get_json(&client(), server.url("/openapi.json")).await;
    let mut listed = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            listed.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let routes = [
        "GET /health",
        "GET /ready",
        "GET /openapi.json",
        "POST /products",
        "GET /products",
        "GET /products/{id}",
        "PATCH /products/{id}",
        "DELETE /products/{id}",
    ];
    assert_eq!(listed, routes.iter().map(|r| r.to_string()).collect());
    for schema in ["Product", "NewProduct", "ProductPatch", "Page", "ErrorBody"] {
        assert!(
            document["components"]["schemas"][schema].is_object(),
            "{schema}"
        );
    }
    server.stop().await.unwrap();
}
// ANCHOR_END: openapi_test

/// The document states the rules the server enforces, so that a client generated from it
/// does not send what the server will refuse. The contract fuzzing (`cargo xtask contract`)
/// checks that they are the same rules; this checks that they are there.
#[tokio::test]
async fn the_openapi_document_states_the_validation_rules() {
    let server = start().await;
    let document = get_json(&client(), server.url("/openapi.json")).await;
    for schema in ["NewProduct", "ProductPatch"] {
        let properties = &document["components"]["schemas"][schema]["properties"];
        let sku = &properties["sku"];
        assert_eq!(
            (&sku["pattern"], &sku["minLength"], &sku["maxLength"]),
            (&json!("^[A-Z0-9-]{3,32}$"), &json!(3), &json!(32)),
            "{schema}"
        );
        assert_eq!(properties["name"]["minLength"], 1, "{schema}");
        assert_eq!(properties["name"]["maxLength"], 200, "{schema}");
        assert!(properties["name"]["pattern"].is_string(), "{schema}");
        for amount in ["price_cents", "stock"] {
            assert_eq!(properties[amount]["minimum"], 0, "{schema}.{amount}");
            assert_eq!(properties[amount]["maximum"], 9007199254740991_i64);
        }
    }
    let list = &document["paths"]["/products"]["get"]["parameters"];
    let limit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(
        (&limit["schema"]["minimum"], &limit["schema"]["maximum"]),
        (&json!(1), &json!(100))
    );
    // Every operation takes an optional request id and every response returns one.
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let takes_id = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "x-request-id" && p["in"] == "header");
            assert!(takes_id, "{method} {path}");
            for (status, response) in operation["responses"].as_object().unwrap() {
                let header = &response["headers"]["x-request-id"];
                assert!(header["schema"].is_object(), "{method} {path} {status}");
            }
        }
    }
    let served = &document["paths"]["/openapi.json"]["get"]["responses"]["200"]["content"];
    assert!(served["application/json"].is_object(), "{served}");
    let links = &document["paths"]["/products"]["post"]["responses"]["201"]["links"];
    for (link, operation) in [
        ("GetProduct", "get_product"),
        ("UpdateProduct", "update_product"),
        ("DeleteProduct", "delete_product"),
    ] {
        assert_eq!(links[link]["operationId"], operation, "{link}");
        assert_eq!(links[link]["parameters"]["id"], "$response.body#/id");
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn edge_cases_get_the_status_the_contract_promises() {
    let server = start().await;
    let http = client();
    let create = |sku: &str| {
        http.post(server.url("/products"))
            .json(&product(sku))
            .send()
    };
    let first: Value = create("EDGE-1").await.unwrap().json().await.unwrap();
    create("EDGE-2").await.unwrap();
    let url = server.url(&format!("/products/{}", first["id"]));

    // An empty patch changes nothing and is not an error.
    let empty = http.patch(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(empty.status(), StatusCode::OK);
    assert_eq!(empty.json::<Value>().await.unwrap(), first);

    // Renaming onto a taken SKU is a conflict, and the product keeps its own.
    let taken = http
        .patch(&url)
        .json(&json!({ "sku": "EDGE-2" }))
        .send()
        .await
        .unwrap();
    assert_error(taken, StatusCode::CONFLICT, "duplicate_sku").await;
    let read = get_json(&http, &url).await;
    assert_eq!(read["sku"], "EDGE-1");

    // A misspelt field is refused, not silently ignored.
    let typo = http
        .patch(&url)
        .json(&json!({ "prise_cents": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(typo).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let mut extra = product("EDGE-3");
    extra["colour"] = json!("red");
    let extra = http
        .post(server.url("/products"))
        .json(&extra)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(extra).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // A price past i64 is a well-formed body of the wrong shape.
    let overflow = http
        .post(server.url("/products"))
        .header("content-type", "application/json")
        .body(r#"{"sku":"BIG-1","name":"Big","price_cents":9223372036854775808,"stock":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(overflow).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    for (path, expected) in [
        ("/products/-1", StatusCode::NOT_FOUND),
        ("/products/99999999999999999999", StatusCode::BAD_REQUEST),
        // An integer out of range is a 422, however far out; only a non-integer is a 400.
        ("/products?limit=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("/products?limit=-1", StatusCode::UNPROCESSABLE_ENTITY),
        ("/products?limit=1000000", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "/products?limit=99999999999999999999999",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("/products?limit=ten", StatusCode::BAD_REQUEST),
        ("/products?limit=1.5", StatusCode::BAD_REQUEST),
        ("/products?cursor=", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "/products?cursor=__________8",
            StatusCode::UNPROCESSABLE_ENTITY,
        ), // id -1
        (
            "/products?cursor=AAAAAAAAAAB",
            StatusCode::UNPROCESSABLE_ENTITY,
        ), // stray bits
    ] {
        let response = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(error_of(response).await.0, expected, "{path}");
    }
    server.stop().await.unwrap();
}
