//! Phoenix Channels' V2 JSON serializer: every message is the array
//! `[join_ref, ref, topic, event, payload]`.
//!
//! `join_ref` names one join of a topic (a client that rejoins gets a new one, so a late reply to
//! an old join can be told apart); `ref` names one request, and the reply carries it back. Both
//! are strings chosen by the client, or `null` in messages the server pushes unasked.

use serde_json::{Value, json};

/// One decoded message.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub join_ref: Option<String>,
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
    pub payload: Value,
}

/// Why a text frame is not a V2 message. The connection answers each by closing.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not an array of five elements")]
    Shape,
    #[error("join_ref and ref must be strings or null, topic and event strings")]
    FieldType,
}

/// Decodes one text frame.
pub fn decode(text: &str) -> Result<Frame, DecodeError> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| DecodeError::NotJson(error.to_string()))?;
    let Value::Array(fields) = value else {
        return Err(DecodeError::Shape);
    };
    let Ok([join_ref, msg_ref, topic, event, payload]) = <[Value; 5]>::try_from(fields) else {
        return Err(DecodeError::Shape);
    };
    let optional = |value: Value| match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        _ => Err(DecodeError::FieldType),
    };
    let (Value::String(topic), Value::String(event)) = (topic, event) else {
        return Err(DecodeError::FieldType);
    };
    Ok(Frame {
        join_ref: optional(join_ref)?,
        msg_ref: optional(msg_ref)?,
        topic,
        event,
        payload,
    })
}

/// Encodes a message the server sends.
pub fn encode(
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &Value,
) -> String {
    json!([join_ref, msg_ref, topic, event, payload]).to_string()
}

/// The answer to the request `request`: `phx_reply` with `{"status", "response"}`.
pub fn reply(request: &Frame, ok: bool, response: Value) -> String {
    let status = if ok { "ok" } else { "error" };
    encode(
        request.join_ref.as_deref(),
        request.msg_ref.as_deref(),
        &request.topic,
        "phx_reply",
        &json!({"status": status, "response": response}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_decodes_and_its_reply_echoes_both_refs() {
        let frame = decode(r#"["3","3","room:lobby","phx_join",{"user":"ada"}]"#).unwrap();
        assert_eq!(frame.join_ref.as_deref(), Some("3"));
        assert_eq!(frame.topic, "room:lobby");
        assert_eq!(frame.payload, json!({"user": "ada"}));
        let reply: Value = serde_json::from_str(&reply(&frame, true, json!({}))).unwrap();
        assert_eq!(
            reply,
            json!(["3", "3", "room:lobby", "phx_reply", {"status": "ok", "response": {}}])
        );
    }

    #[test]
    fn a_heartbeat_has_no_join_ref() {
        let frame = decode(r#"[null,"7","phoenix","heartbeat",{}]"#).unwrap();
        assert_eq!(
            (frame.join_ref, frame.msg_ref.as_deref()),
            (None, Some("7"))
        );
    }

    #[test]
    fn anything_else_is_refused() {
        assert!(matches!(decode("hello"), Err(DecodeError::NotJson(_))));
        assert_eq!(decode(r#"{"topic":"x"}"#), Err(DecodeError::Shape));
        assert_eq!(decode(r#"[null,"1","t","e"]"#), Err(DecodeError::Shape));
        assert_eq!(
            decode(r#"[null,"1","t","e",{},6]"#),
            Err(DecodeError::Shape)
        );
        assert_eq!(decode(r#"[1,"1","t","e",{}]"#), Err(DecodeError::FieldType));
        assert_eq!(
            decode(r#"[null,"1",5,"e",{}]"#),
            Err(DecodeError::FieldType)
        );
    }
}
