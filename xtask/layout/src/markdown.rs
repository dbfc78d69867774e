//! Turns a chapter into the Markdown a reader sees, and finds its code blocks.
//!
//! mdBook expands `{{#include}}` and `{{#rustdoc_include}}` when it renders a page; tools that
//! read raw Markdown (skeptic, the lints) would see the directive text instead. [`expand_chapter`]
//! expands the directives the way mdBook 0.4 does, remembers which line of the original chapter
//! every expanded line came from (so messages point at the chapter, not at a copy), records every
//! file and anchor it pulled in, and reports every include that points at a missing file or
//! anchor. [`code_blocks`] then finds the fenced blocks with a CommonMark parser, looking inside
//! admonitions too, since an admonition is a fenced block whose body is Markdown.

use crate::Problem;
use crate::paths::normalize;
use crate::repo;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// mdBook stops expanding nested includes at this depth; so do we.
const MAX_INCLUDE_DEPTH: usize = 10;

/// How a line of expanded Markdown got there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the chapter itself.
    Chapter,
    /// Pulled in by `{{#rustdoc_include}}`: the whole file, with lines outside the excerpt hidden.
    RustdocInclude,
    /// Pulled in by `{{#include}}`: a file or an excerpt of one, shown exactly.
    Include,
}

/// One line of the expanded chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Zero-based line of the chapter that produced this line (for an include, the directive).
    pub source_line: usize,
    pub origin: Origin,
}

/// What expanding a chapter found besides its text.
#[derive(Debug, Default)]
pub struct Found {
    pub problems: Vec<Problem>,
    /// Every file an include pulled in, so that the tests are regenerated when one changes.
    pub included: BTreeSet<PathBuf>,
    /// Every `(file, anchor)` an include selected by name, so that unused anchors can be found.
    pub anchors: BTreeSet<(PathBuf, String)>,
    /// The same files as `included`, in the order the page includes them (with repeats).
    order: Vec<PathBuf>,
}

impl Found {
    /// The included files in the order the page includes them, each once.
    pub fn included_in_order(&self) -> Vec<&PathBuf> {
        let mut seen = BTreeSet::new();
        self.order
            .iter()
            .filter(|file| seen.insert(*file))
            .collect()
    }
}

/// Where included code may come from: the repository whose `listings/` hold its projects.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub root: PathBuf,
}

/// Expands every include directive of `chapter` (a file under `src/`).
pub fn expand_chapter(chapter: &Path, workspace: &Workspace) -> (Vec<Line>, Found) {
    let mut found = Found::default();
    let text = match fs::read_to_string(chapter) {
        Ok(text) => text,
        Err(error) => {
            found.problems.push(Problem::new(
                chapter,
                1,
                format!("cannot read chapter: {error}"),
            ));
            return (Vec::new(), found);
        }
    };
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let at = Place {
            file: chapter,
            line: index,
        };
        for (text, origin) in expand_line(line, at, workspace, 0, &mut found) {
            lines.push(Line {
                text,
                source_line: index,
                origin,
            });
        }
    }
    (lines, found)
}

#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a Path,
    line: usize,
}

impl Place<'_> {
    fn problem(&self, message: String) -> Problem {
        Problem::new(self.file, self.line + 1, message)
    }
}

/// Expands the directives on one line; the result may span many lines.
fn expand_line(
    line: &str,
    at: Place<'_>,
    workspace: &Workspace,
    depth: usize,
    found: &mut Found,
) -> Vec<(String, Origin)> {
    let mut rendered = String::new();
    let mut origin = Origin::Chapter;
    let mut rest = line;
    while let Some(start) = rest.find("{{#") {
        // `\{{#include x}}` is mdBook's way of writing the directive as text.
        if start > 0 && rest.as_bytes()[start - 1] == b'\\' {
            rendered.push_str(&rest[..start - 1]);
            rendered.push_str("{{#");
            rest = &rest[start + 3..];
            continue;
        }
        let Some(length) = rest[start..].find("}}") else {
            break;
        };
        let directive = &rest[start + 3..start + length];
        rendered.push_str(&rest[..start]);
        rest = &rest[start + length + 2..];
        let mut words = directive.split_whitespace();
        let kind = words.next().unwrap_or_default();
        let argument = words.next().unwrap_or_default();
        let expansion = match kind {
            "include" => {
                // Included Markdown is prose like the chapter's own; included code is an excerpt.
                let path = argument.split(':').next().unwrap_or_default();
                if !path.ends_with(".md") {
                    origin = Origin::Include;
                }
                include(argument, false, at, workspace, depth, found)
            }
            "rustdoc_include" => {
                if origin == Origin::Chapter {
                    origin = Origin::RustdocInclude;
                }
                include(argument, true, at, workspace, depth, found)
            }
            "playground" | "playpen" => {
                found.problems.push(at.problem(format!(
                    "`{{{{#{kind}}}}}` is not checked by the book's tests; use `{{{{#rustdoc_include}}}}`"
                )));
                String::new()
            }
            // `{{#title}}`, `{{#quiz}}` and the like are not code: leave them to their preprocessors.
            _ => format!("{{{{#{directive}}}}}"),
        };
        rendered.push_str(&expansion);
    }
    rendered.push_str(rest);
    rendered
        .split('\n')
        .map(|text| (text.to_owned(), origin))
        .collect()
}

/// Reads the file a directive names and takes the part it asks for, as mdBook would.
fn include(
    argument: &str,
    rustdoc: bool,
    at: Place<'_>,
    workspace: &Workspace,
    depth: usize,
    found: &mut Found,
) -> String {
    let (path, selector) = match argument.split_once(':') {
        Some((path, selector)) => (path, Some(selector)),
        None => (argument, None),
    };
    let directory = at.file.parent().unwrap_or(Path::new("."));
    let target = normalize(&directory.join(path));
    let contents = match fs::read_to_string(&target) {
        Ok(contents) => {
            found.included.insert(target.clone());
            found.order.push(target.clone());
            contents
        }
        Err(error) => {
            found
                .problems
                .push(at.problem(format!("cannot include `{path}`: {error}")));
            return String::new();
        }
    };
    let is_rust = target
        .extension()
        .is_some_and(|extension| extension == "rs");
    if is_rust && repo::project_dir_of(&workspace.root, &target).is_none() {
        found.problems.push(at.problem(format!(
            "`{path}` is not in a project under listings/<module>/<project>/, so nothing tests it"
        )));
    }
    let selected = match parse_selector(selector) {
        Selector::Anchor(anchor) => {
            if !has_anchor(&contents, anchor) {
                found.problems.push(at.problem(format!(
                    "`{path}` has no `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}` region"
                )));
                return String::new();
            }
            found.anchors.insert((target.clone(), anchor.to_owned()));
            if rustdoc {
                rustdoc_anchor(&contents, anchor)
            } else {
                anchored_lines(&contents, anchor)
            }
        }
        Selector::Lines(first, end) => {
            let count = contents.lines().count();
            if first >= count || end.is_some_and(|end| end > count) {
                found.problems.push(at.problem(format!(
                    "`{argument}` asks for lines past the end of `{path}` ({count} lines)"
                )));
            }
            if rustdoc {
                rustdoc_lines(&contents, first, end)
            } else {
                take_lines(&contents, first, end)
            }
        }
    };
    // Included Markdown may include more; mdBook expands it to a fixed depth.
    if target
        .extension()
        .is_some_and(|extension| extension == "md")
        && depth < MAX_INCLUDE_DEPTH
    {
        let nested = Place {
            file: &target,
            line: at.line,
        };
        return selected
            .lines()
            .flat_map(|line| expand_line(line, nested, workspace, depth + 1, found))
            .map(|(text, _)| text)
            .collect::<Vec<_>>()
            .join("\n");
    }
    selected
}

#[derive(Debug, PartialEq, Eq)]
enum Selector<'a> {
    Anchor(&'a str),
    /// First line (zero-based) and the line after the last, as a half-open range.
    Lines(usize, Option<usize>),
}

/// mdBook's `path:anchor`, `path:N`, `path:N:M`, `path:N:` and `path::M`.
fn parse_selector(selector: Option<&str>) -> Selector<'_> {
    let Some(selector) = selector else {
        return Selector::Lines(0, None);
    };
    let mut parts = selector.splitn(2, ':');
    let first = parts.next().unwrap_or_default();
    let end = parts.next();
    let start = match first.parse::<usize>() {
        Ok(number) => number.saturating_sub(1),
        Err(_) if first.is_empty() => 0,
        Err(_) => return Selector::Anchor(first),
    };
    match end {
        None if first.is_empty() => Selector::Lines(0, None),
        None => Selector::Lines(start, Some(start + 1)),
        Some(end) => Selector::Lines(start, end.parse().ok()),
    }
}

fn anchor_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let after = &line[line.find(marker)? + marker.len()..];
    let name = after.trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

fn is_anchor_start(line: &str) -> Option<&str> {
    anchor_name(line, "ANCHOR:")
}

fn is_anchor_end(line: &str) -> Option<&str> {
    anchor_name(line, "ANCHOR_END:")
}

fn has_anchor(contents: &str, anchor: &str) -> bool {
    let mut started = false;
    for line in contents.lines() {
        if is_anchor_start(line) == Some(anchor) {
            started = true;
        } else if started && is_anchor_end(line) == Some(anchor) {
            return true;
        }
    }
    false
}

/// Every anchor region that `contents` opens: `(one-based line, name, rest of the line)`. The
/// rest is where a region that no chapter includes says why it is kept (`ANCHOR: name (kept: ...)`).
pub fn anchors_in(contents: &str) -> Vec<(usize, String, String)> {
    contents
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let name = is_anchor_start(line)?;
            let rest = &line[line.find(name).map_or(line.len(), |at| at + name.len())..];
            Some((index + 1, name.to_owned(), rest.trim().to_owned()))
        })
        .collect()
}

/// The name the book's tests give a page's code blocks, before `_line_<N>`:
/// `month-1/module-1.1/processes.md` (relative to `src/`) becomes `month_1_module_1_1_processes`.
pub fn test_stem(relative: &Path) -> String {
    let text = relative
        .with_extension("")
        .to_string_lossy()
        .to_ascii_lowercase();
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// `contents` without its `ANCHOR:` and `ANCHOR_END:` lines: the file as a reader who copies
/// the listing should get it.
pub fn strip_anchor_lines(contents: &str) -> String {
    let mut kept: String = contents
        .lines()
        .filter(|line| is_anchor_start(line).is_none() && is_anchor_end(line).is_none())
        .flat_map(|line| [line, "\n"])
        .collect();
    if !contents.ends_with('\n') {
        kept.pop();
    }
    kept
}

fn take_lines(contents: &str, first: usize, end: Option<usize>) -> String {
    let lines = contents.lines().skip(first);
    match end {
        Some(end) => lines.take(end.saturating_sub(first)).collect::<Vec<_>>(),
        None => lines.collect(),
    }
    .join("\n")
}

fn anchored_lines(contents: &str, anchor: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in contents.lines() {
        if inside {
            if is_anchor_end(line) == Some(anchor) {
                break;
            }
            if is_anchor_start(line).is_none() && is_anchor_end(line).is_none() {
                kept.push(line);
            }
        } else if is_anchor_start(line) == Some(anchor) {
            inside = true;
        }
    }
    kept.join("\n")
}

fn rustdoc_lines(contents: &str, first: usize, end: Option<usize>) -> String {
    contents
        .lines()
        .enumerate()
        .map(|(index, line)| {
            let shown = index >= first && end.is_none_or(|end| index < end);
            if shown {
                line.to_owned()
            } else {
                format!("# {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rustdoc_anchor(contents: &str, anchor: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in contents.lines() {
        if inside {
            if is_anchor_end(line) == Some(anchor) {
                inside = false;
            } else if is_anchor_start(line).is_none() {
                kept.push(line.to_owned());
            }
        } else if let Some(name) = is_anchor_start(line) {
            // Marker lines of other regions are dropped, as mdBook does.
            inside = name == anchor;
        } else if is_anchor_end(line).is_none() {
            kept.push(format!("# {line}"));
        }
    }
    kept.join("\n")
}

/// A fenced code block of the expanded chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// Index into the expanded lines of the opening fence.
    pub fence_line: usize,
    /// Index of the closing fence (or one past the end when the block is never closed).
    pub closing_line: usize,
    pub info: String,
}

impl CodeBlock {
    /// The comma- or space-separated words of the info string, as rustdoc splits them.
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.info
            .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
            .filter(|token| !token.is_empty())
    }

    pub fn is_rust(&self) -> bool {
        self.tokens().next() == Some("rust")
    }

    pub fn has(&self, token: &str) -> bool {
        self.tokens().any(|t| t == token)
    }

    /// Error codes such as `E0382` that a `compile_fail` block promises.
    pub fn error_codes(&self) -> Vec<String> {
        self.tokens()
            .filter(|t| {
                t.len() == 5 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit())
            })
            .map(str::to_owned)
            .collect()
    }

    pub fn is_admonition(&self) -> bool {
        self.tokens().next() == Some("admonish")
    }
}

/// Lines that look like an opening fence but are not one, because their info string contains a
/// backtick (for example an admonition title with code in it). mdBook renders what follows as
/// text, which silently breaks the rest of the page.
pub fn broken_fences(lines: &[Line]) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| {
            let trimmed = line.text.trim_start();
            let length = trimmed.chars().take_while(|&c| c == '`').count();
            length >= 3 && trimmed[length..].contains('`')
        })
        .map(|(index, _)| index)
        .collect()
}

/// Finds the fenced code blocks. An `admonish` block is a box around Markdown, so the blocks
/// inside it are found too (and the admonition itself is not a code block).
pub fn code_blocks(lines: &[Line]) -> Vec<CodeBlock> {
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    let mut found = Fences::default();
    find_fences(&texts, 0, &mut found);
    found.blocks.sort_by_key(|block| block.fence_line);
    found.blocks
}

/// Lines of the admonition fences (opening and closing), which a test copy blanks out so that
/// the blocks inside become ordinary Markdown to skeptic.
pub fn admonition_fences(lines: &[Line]) -> Vec<usize> {
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    let mut found = Fences::default();
    find_fences(&texts, 0, &mut found);
    let mut fences: Vec<usize> = found
        .admonitions
        .iter()
        .flat_map(|&(open, close)| [Some(open), close])
        .flatten()
        .collect();
    fences.sort_unstable();
    fences
}

#[derive(Default)]
struct Fences {
    blocks: Vec<CodeBlock>,
    /// Opening and (when there is one) closing line of each admonition.
    admonitions: Vec<(usize, Option<usize>)>,
}

/// Parses `texts` (lines `offset..` of the chapter) as CommonMark and records its fenced blocks.
fn find_fences(texts: &[&str], offset: usize, found: &mut Fences) {
    let text = texts.join("\n");
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
    let line_of = |byte: usize| line_starts.partition_point(|&start| start <= byte) - 1;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            continue;
        };
        let fence = line_of(range.start);
        let last = line_of(range.end.saturating_sub(1).max(range.start));
        let closing = (last > fence && closes(texts[fence], texts[last])).then_some(last);
        let info = info.trim().to_owned();
        if info.split_whitespace().next() == Some("admonish") {
            found
                .admonitions
                .push((offset + fence, closing.map(|line| offset + line)));
            // The body is Markdown, indented as far as the fence is (inside a list item).
            let indent = texts[fence].len() - texts[fence].trim_start().len();
            let body: Vec<&str> = texts[fence + 1..closing.unwrap_or(texts.len())]
                .iter()
                .map(|line| {
                    let strip = line.len() - line.trim_start().len();
                    &line[strip.min(indent)..]
                })
                .collect();
            find_fences(&body, offset + fence + 1, found);
        } else {
            found.blocks.push(CodeBlock {
                fence_line: offset + fence,
                closing_line: offset + closing.unwrap_or(texts.len()),
                info,
            });
        }
    }
}

/// Whether `line` is a closing fence for the block opened by `opening` (same character, at least
/// as long, nothing after it).
fn closes(opening: &str, line: &str) -> bool {
    let opening = opening.trim_start();
    let Some(marker) = opening.chars().next() else {
        return false;
    };
    let length = opening.chars().take_while(|&c| c == marker).count();
    let line = line.trim();
    let run = line.chars().take_while(|&c| c == marker).count();
    run >= length && line.chars().all(|c| c == marker)
}

/// The code of a block, with the `# ` hidden-line marks kept (skeptic and rustc strip them later).
pub fn block_code(lines: &[Line], block: &CodeBlock) -> String {
    let end = block.closing_line.min(lines.len());
    lines[block.fence_line + 1..end]
        .iter()
        .map(|line| format!("{}\n", line.text))
        .collect()
}

/// Strips rustdoc's hidden-line marks, giving the program that is compiled.
pub fn compiled_code(code: &str) -> String {
    code.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("# ") {
                rest
            } else if trimmed == "#" {
                ""
            } else {
                line
            }
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(index, text)| Line {
                text: text.to_owned(),
                source_line: index,
                origin: Origin::Chapter,
            })
            .collect()
    }

    #[test]
    fn selectors_follow_mdbook() {
        assert_eq!(parse_selector(None), Selector::Lines(0, None));
        assert_eq!(parse_selector(Some("main")), Selector::Anchor("main"));
        assert_eq!(parse_selector(Some("3")), Selector::Lines(2, Some(3)));
        assert_eq!(parse_selector(Some("3:5")), Selector::Lines(2, Some(5)));
        assert_eq!(parse_selector(Some("3:")), Selector::Lines(2, None));
        assert_eq!(parse_selector(Some(":5")), Selector::Lines(0, Some(5)));
    }

    #[test]
    fn anchors_drop_marker_lines_and_rustdoc_hides_the_rest() {
        let file = "use std::io;\n// ANCHOR: body\nfn f() {}\n// ANCHOR: inner\nfn g() {}\n// ANCHOR_END: inner\n// ANCHOR_END: body\nfn main() {}";
        assert!(has_anchor(file, "body"));
        assert!(!has_anchor(file, "missing"));
        assert_eq!(anchored_lines(file, "body"), "fn f() {}\nfn g() {}");
        assert_eq!(
            rustdoc_anchor(file, "inner"),
            "# use std::io;\n# fn f() {}\nfn g() {}\n# fn main() {}"
        );
        assert_eq!(rustdoc_lines("a\nb\nc", 1, Some(2)), "# a\nb\n# c");
        assert_eq!(take_lines("a\nb\nc", 1, None), "b\nc");
    }

    #[test]
    fn anchors_are_listed_and_stripped() {
        let file = "a\n// ANCHOR: one (kept: the exercise page)\nb\n// ANCHOR_END: one\nc\n";
        assert_eq!(
            anchors_in(file),
            vec![(2, "one".to_owned(), "(kept: the exercise page)".to_owned())]
        );
        assert_eq!(strip_anchor_lines(file), "a\nb\nc\n");
        assert_eq!(strip_anchor_lines("x\n// ANCHOR: y\nz"), "x\nz");
    }

    #[test]
    fn fences_in_lists_and_unclosed_blocks() {
        let text = "- item\n\n  ```rust\n  fn main() {}\n  ```\n\n  ````admonish tip\n  ```text\n  x\n  ```\n  ````\n\n```console\nnot closed";
        let lines = lines_of(text);
        let blocks = code_blocks(&lines);
        let found: Vec<_> = blocks
            .iter()
            .map(|b| (b.fence_line, b.closing_line, b.info.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![(2, 4, "rust"), (7, 9, "text"), (12, 14, "console")]
        );
        assert_eq!(admonition_fences(&lines), vec![6, 10]);
    }

    #[test]
    fn blocks_inside_admonitions_are_found() {
        let text = "````admonish note\n```rust\nfn main() {}\n```\n````\n```text\n```rust\n```";
        let lines = lines_of(text);
        let blocks = code_blocks(&lines);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].is_rust());
        assert_eq!((blocks[0].fence_line, blocks[0].closing_line), (1, 3));
        assert_eq!(blocks[1].info, "text");
        assert_eq!(
            blocks[1].closing_line, 7,
            "a fence inside a code block is text"
        );
        assert_eq!(admonition_fences(&lines), vec![0, 4]);
        assert!(broken_fences(&lines).is_empty());
        let broken = lines_of("```admonish warning title=\"Dropping a `Child`\"\ntext\n```");
        assert_eq!(broken_fences(&broken), vec![0]);
    }

    #[test]
    fn tokens_and_error_codes() {
        let block = CodeBlock {
            fence_line: 0,
            closing_line: 1,
            info: "rust,compile_fail,E0382".into(),
        };
        assert!(block.is_rust() && block.has("compile_fail"));
        assert_eq!(block.error_codes(), vec!["E0382"]);
    }

    #[test]
    fn hidden_lines_are_compiled() {
        assert_eq!(
            compiled_code("# fn main() {\nlet x = 1;\n#\n# }"),
            "fn main() {\nlet x = 1;\n\n}\n"
        );
    }

    #[test]
    fn escaped_directives_stay_text() {
        let workspace = Workspace {
            root: PathBuf::from("/nonexistent"),
        };
        let at = Place {
            file: Path::new("/nonexistent/src/a.md"),
            line: 0,
        };
        let mut found = Found::default();
        let out = expand_line(
            r"write \{{#include file.rs}} to include",
            at,
            &workspace,
            0,
            &mut found,
        );
        assert_eq!(
            out,
            vec![(
                "write {{#include file.rs}} to include".to_owned(),
                Origin::Chapter
            )]
        );
        assert!(found.problems.is_empty());
        let out = expand_line("{{#include missing.rs}}", at, &workspace, 0, &mut found);
        assert_eq!(out, vec![(String::new(), Origin::Include)]);
        assert_eq!(found.problems.len(), 1);
        assert!(found.included.is_empty());
        assert!(
            found.problems[0]
                .message
                .contains("cannot include `missing.rs`"),
            "{}",
            found.problems[0]
        );
    }
}
