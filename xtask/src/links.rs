//! Every internal link of the built book leads somewhere: the file exists, and so does the
//! `#fragment` it points at.
//!
//! This reads mdBook's HTML output, so it also catches links that only break once rendered (a
//! chapter renamed in SUMMARY.md, a heading reworded so its id changed).

use crate::workspace::relative;
use anyhow::{Result, bail};
use book_layout::paths::{files_under, normalize};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bhref\s*=\s*"([^"]*)""#).expect("valid regex"));
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bid\s*=\s*"([^"]*)""#).expect("valid regex"));

/// A link that leads nowhere.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken {
    pub page: String,
    pub href: String,
    pub reason: String,
}

pub fn check(book: &Path) -> Result<usize> {
    let pages = files_under(book, &["html"])?;
    let mut contents = HashMap::new();
    for page in &pages {
        contents.insert(page.clone(), fs::read_to_string(page)?);
    }
    let broken = broken_links(book, &contents);
    let links: usize = contents
        .values()
        .map(|html| HREF.find_iter(html).count())
        .sum();
    if !broken.is_empty() {
        for link in &broken {
            println!("  {}: `{}`: {}", link.page, link.href, link.reason);
        }
        bail!("{} broken internal link(s) in the built book", broken.len());
    }
    println!("  {links} links in {} pages, none broken", pages.len());
    Ok(links)
}

pub fn broken_links(book: &Path, pages: &HashMap<PathBuf, String>) -> Vec<Broken> {
    let ids: HashMap<&PathBuf, HashSet<&str>> = pages
        .iter()
        .map(|(page, html)| {
            let ids = ID
                .captures_iter(html)
                .map(|c| c.get(1).map_or("", |m| m.as_str()));
            (page, ids.collect())
        })
        .collect();
    let mut broken = Vec::new();
    let mut sorted: Vec<_> = pages.iter().collect();
    sorted.sort();
    for (page, html) in sorted {
        for capture in HREF.captures_iter(html) {
            let href = &capture[1];
            let Some(reason) = problem_with(book, page, href, pages, &ids) else {
                continue;
            };
            broken.push(Broken {
                page: relative(page),
                href: href.to_owned(),
                reason,
            });
        }
    }
    broken
}

fn problem_with(
    book: &Path,
    page: &Path,
    href: &str,
    pages: &HashMap<PathBuf, String>,
    ids: &HashMap<&PathBuf, HashSet<&str>>,
) -> Option<String> {
    let is_external = href.contains("://")
        || ["mailto:", "javascript:", "data:", "tel:"]
            .iter()
            .any(|scheme| href.starts_with(scheme));
    if is_external || href.is_empty() {
        return None;
    }
    let (path_part, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let target = if path_part.is_empty() {
        page.to_path_buf()
    } else if let Some(absolute) = path_part.strip_prefix('/') {
        book.join(absolute)
    } else {
        normalize(&page.parent().unwrap_or(book).join(path_part))
    };
    let target = if path_part.ends_with('/') || target.is_dir() {
        target.join("index.html")
    } else {
        target
    };
    if !target.starts_with(book) {
        return Some("points outside the book".into());
    }
    if !target.exists() {
        return Some(format!("{} does not exist", relative(&target)));
    }
    let fragment = fragment.filter(|fragment| !fragment.is_empty())?;
    pages.get(&target)?;
    let known = ids.get(&target).is_some_and(|ids| ids.contains(fragment));
    (!known).then(|| format!("no element with id `{fragment}` in {}", relative(&target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_pages_and_fragments() {
        let book = std::env::temp_dir().join(format!("xtask-links-{}", std::process::id()));
        let _ = fs::remove_dir_all(&book);
        fs::create_dir_all(book.join("module")).unwrap();
        let index = book.join("index.html");
        let chapter = book.join("module").join("chapter.html");
        let index_html = r##"<a href="module/chapter.html#states">ok</a>
            <a href="module/chapter.html#nope">bad fragment</a>
            <a href="missing.html">bad page</a>
            <a href="https://example.org/x.html">external</a>
            <a href="#top">ok</a><h1 id="top">x</h1>"##;
        let chapter_html = r#"<h2 id="states">States</h2><a href="../index.html">up</a>"#;
        fs::write(&index, index_html).unwrap();
        fs::write(&chapter, chapter_html).unwrap();
        let pages = HashMap::from([
            (index.clone(), index_html.to_owned()),
            (chapter.clone(), chapter_html.to_owned()),
        ]);
        let broken = broken_links(&book, &pages);
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(hrefs, vec!["module/chapter.html#nope", "missing.html"]);
        fs::remove_dir_all(&book).unwrap();
    }
}
