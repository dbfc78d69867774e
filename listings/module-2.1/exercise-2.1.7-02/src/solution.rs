use crate::BadContentLength;

// ANCHOR: solution
pub fn content_length(values: &[&str]) -> Result<Option<u64>, BadContentLength> {
    let mut agreed = None;
    for element in values.iter().flat_map(|value| value.split(',')) {
        let digits = element.trim_matches([' ', '\t']);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadContentLength);
        }
        // `parse` would accept a leading `+`; the check above already ruled that out.
        let length: u64 = digits.parse().map_err(|_| BadContentLength)?;
        match agreed {
            Some(previous) if previous != length => return Err(BadContentLength),
            _ => agreed = Some(length),
        }
    }
    Ok(agreed)
}
// ANCHOR_END: solution
