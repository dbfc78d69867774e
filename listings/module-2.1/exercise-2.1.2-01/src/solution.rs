// ANCHOR: solution
/// Splits `page=2&sort=name&flag` into `[("page", "2"), ("sort", "name"), ("flag", "")]`.
pub fn query_pairs(query: &str) -> Vec<(&str, &str)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.split_once('=').unwrap_or((piece, "")))
        .collect()
}

/// The value of the first parameter called `name`, borrowed from `query`.
pub fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query_pairs(query)
        .into_iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}
// ANCHOR_END: solution
