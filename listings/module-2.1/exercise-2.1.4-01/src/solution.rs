use crate::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageError};

// ANCHOR: solution
/// Parses a query string such as `limit=50&after=1200` into a `Page`.
pub fn parse_page(query: &str) -> Result<Page, PageError> {
    let mut page = Page {
        limit: DEFAULT_LIMIT,
        after: None,
    };
    for piece in query.split('&').filter(|piece| !piece.is_empty()) {
        match piece.split_once('=') {
            Some(("limit", value)) => {
                // Two errors come from `ParseIntError`; `From` can only pick one of them, so
                // the other is converted by hand.
                let limit: u32 = value.parse().map_err(PageError::BadLimit)?;
                if !(1..=MAX_LIMIT).contains(&limit) {
                    return Err(PageError::LimitOutOfRange {
                        got: limit,
                        max: MAX_LIMIT,
                    });
                }
                page.limit = limit;
            }
            Some(("after", value)) => page.after = Some(value.parse()?),
            Some((name, _)) => return Err(PageError::Unknown(name.to_string())),
            None => return Err(PageError::Unknown(piece.to_string())),
        }
    }
    Ok(page)
}
// ANCHOR_END: solution
