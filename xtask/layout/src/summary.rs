//! `src/SUMMARY.md`, read as mdBook reads it: the order of the pages, and the section number the
//! sidebar shows for each.
//!
//! Links before the first list are prefix chapters and links after the last are suffix chapters:
//! neither gets a number. List items are numbered chapters, nested lists their sections, and the
//! numbers run on across part titles (`# Month 1`), as mdBook numbers them.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// Relative to `src/`.
    pub path: PathBuf,
    /// `[1, 1, 3]` for the entry the sidebar shows as "1.1.3."; empty for prefix and suffix chapters.
    pub number: Vec<u32>,
    /// The part title above the entry, if any.
    pub part: Option<String>,
    /// One-based line in SUMMARY.md.
    pub line: usize,
}

impl Entry {
    pub fn number_text(&self) -> String {
        self.number
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }
}

pub fn parse(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    // counters[d] is the number of items seen so far at list depth d + 1.
    let mut counters: Vec<u32> = Vec::new();
    let mut depth = 0;
    let mut part = None;
    let mut heading: Option<String> = None;
    let mut headings_seen = 0;
    let mut link: Option<(PathBuf, usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(Tag::List(_)) => {
                depth -= 1;
                // The top level's count survives the end of a list: numbers run on after a part title.
                counters.truncate(depth.max(1));
            }
            Event::Start(Tag::Item) => {
                counters.truncate(depth);
                while counters.len() < depth {
                    counters.push(0);
                }
                counters[depth - 1] += 1;
            }
            Event::Start(Tag::Heading(HeadingLevel::H1, ..)) => heading = Some(String::new()),
            Event::End(Tag::Heading(HeadingLevel::H1, ..)) => {
                headings_seen += 1;
                // The first heading is the page's title ("# Summary"); the others name parts.
                if headings_seen > 1 {
                    part = heading.take();
                }
                heading = None;
            }
            Event::Start(Tag::Link(_, destination, _)) => {
                let line = text[..range.start].matches('\n').count() + 1;
                link = Some((PathBuf::from(destination.as_ref()), line, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(Tag::Link(..)) => {
                if let Some((path, line, title)) = link.take() {
                    // Suffix chapters follow the last list; the counters still hold its numbers.
                    let number = if depth > 0 {
                        counters.clone()
                    } else {
                        Vec::new()
                    };
                    entries.push(Entry {
                        title,
                        path,
                        number,
                        part: part.clone(),
                        line,
                    });
                }
            }
            _ => {}
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_run_on_across_parts_and_nest() {
        let text = "# Summary\n\n[Introduction](intro.md)\n\n# Month 1\n\n- [Month 1](m1/README.md)\n  - [Module 1.1](m1/a/README.md)\n    - [Processes](m1/a/p.md)\n    - [Memory](m1/a/m.md)\n  - [Module 1.2](m1/b/README.md)\n\n# Month 2\n\n- [Month 2](m2/README.md)\n\n---\n\n[Glossary](glossary.md)\n";
        let entries = parse(text);
        let numbered: Vec<(String, String)> = entries
            .iter()
            .map(|e| (e.title.clone(), e.number_text()))
            .collect();
        assert_eq!(
            numbered,
            [
                ("Introduction", ""),
                ("Month 1", "1"),
                ("Module 1.1", "1.1"),
                ("Processes", "1.1.1"),
                ("Memory", "1.1.2"),
                ("Module 1.2", "1.2"),
                ("Month 2", "2"),
                ("Glossary", ""),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert_eq!(entries[3].path, PathBuf::from("m1/a/p.md"));
        assert_eq!(entries[3].line, 9);
        assert_eq!(entries[3].part.as_deref(), Some("Month 1"));
        assert_eq!(entries[6].part.as_deref(), Some("Month 2"));
    }
}
