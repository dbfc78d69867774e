use crate::{FilterError, StatusFilter};

// ANCHOR: solution
pub fn parse_filter(spec: &str) -> Result<StatusFilter, FilterError> {
    let (field, patterns) = spec.split_once('=').unwrap_or((spec, ""));
    if field != "status" {
        return Err(FilterError::UnknownField(field.to_string()));
    }
    let ranges = patterns
        .split(',')
        .map(pattern_range)
        .collect::<Result<_, _>>()?;
    Ok(StatusFilter { ranges })
}

/// `5xx` → (500, 599), `50x` → (500, 509), `404` → (404, 404).
fn pattern_range(pattern: &str) -> Result<(u16, u16), FilterError> {
    let bad = || FilterError::BadPattern(pattern.to_string());
    let bytes = pattern.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return Err(bad());
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if !bytes[digits..].iter().all(|&b| b == b'x') {
        return Err(bad()); // a digit after an `x`, or something else entirely
    }
    let (mut low, mut high) = (0u16, 0u16);
    for (index, &byte) in bytes.iter().enumerate() {
        let (min, max) = if index < digits {
            (byte - b'0', byte - b'0')
        } else {
            (0, 9)
        };
        low = low * 10 + u16::from(min);
        high = high * 10 + u16::from(max);
    }
    Ok((low, high))
}

pub fn count_matching(log: &str, filter: &StatusFilter) -> u64 {
    log.lines()
        .filter_map(|line| {
            // The status follows the request's closing quote: `..." 200 512`. Combined format
            // has more quotes later, and the request may contain `\"`, so find the quote that
            // closes the request, skipping escaped bytes.
            let request = line.split_once("] \"")?.1.as_bytes();
            let mut at = 0;
            while *request.get(at)? != b'"' {
                at += if request[at] == b'\\' { 2 } else { 1 };
            }
            let after = std::str::from_utf8(&request[at + 1..])
                .ok()?
                .strip_prefix(' ')?;
            after.split(' ').next()?.parse::<u16>().ok()
        })
        .filter(|&status| filter.matches(status))
        .count() as u64
}
// ANCHOR_END: solution
