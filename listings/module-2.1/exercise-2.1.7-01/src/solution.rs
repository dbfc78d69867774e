use crate::QueryError;

// ANCHOR: solution
pub fn parse_query(target: &str, max_pairs: usize) -> Result<Vec<(String, String)>, QueryError> {
    let Some((_, query)) = target.split_once('?') else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        if pairs.len() == max_pairs {
            return Err(QueryError::TooMany(max_pairs));
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        pairs.push((decode(name)?, decode(value)?));
    }
    Ok(pairs)
}

fn decode(text: &str) -> Result<String, QueryError> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = input.next().and_then(hex).ok_or(QueryError::BadEscape)?;
                let low = input.next().and_then(hex).ok_or(QueryError::BadEscape)?;
                bytes.push(high << 4 | low);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| QueryError::NotUtf8)
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}
// ANCHOR_END: solution
