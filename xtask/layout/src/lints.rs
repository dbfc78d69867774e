//! The rules the parts of the book keep with each other, checked.
//!
//! Each function returns the problems it found, with the file and line to fix; [`check`] runs
//! them all. They read files only: no build, no network, so they run first in `cargo xtask check`
//! and fail in a second.

use crate::Problem;
use crate::ids::{Id, Kind};
use crate::markdown::{self, Found, Line, Workspace};
use crate::paths;
use crate::repo::{Build, PROJECTS_GLOB, Repo, Role};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A chapter as the reader sees it, with what its includes pulled in.
pub struct Expanded {
    pub file: PathBuf,
    pub lines: Vec<Line>,
    pub found: Found,
}

/// Expands every Markdown file under `src/` once, for the lints that need the reader's view.
pub fn expand_all(repo: &Repo) -> Vec<Expanded> {
    let workspace = Workspace {
        root: repo.root.clone(),
    };
    repo.markdown_files()
        .unwrap_or_default()
        .into_iter()
        .map(|file| {
            let (lines, found) = markdown::expand_chapter(&file, &workspace);
            Expanded { file, lines, found }
        })
        .collect()
}

/// Every lint, over the whole repository.
pub fn check(repo: &Repo) -> Vec<Problem> {
    let expanded = expand_all(repo);
    let mut problems = Vec::new();
    problems.extend(workspace_members(repo));
    problems.extend(summary_pages(repo, &expanded));
    problems.extend(project_names(repo));
    problems.extend(references(repo));
    problems.extend(captions(repo, &expanded));
    problems.extend(exercise_order(repo, &expanded));
    problems.extend(unused_anchors(repo, &expanded));
    problems.extend(module_pages(repo));
    problems.extend(unfinished(repo));
    for problem in &mut problems {
        problem.file = repo.relative(&problem.file);
    }
    problems.sort();
    problems.dedup();
    problems
}

/// The root manifest's members glob is where [`Repo`] looks for projects; Cargo fails on a
/// folder the glob matches that has no Cargo.toml, so every other project (Mix, plain files) is
/// named in the workspace's `exclude`.
pub fn workspace_members(repo: &Repo) -> Vec<Problem> {
    let manifest = repo.root.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap_or_default();
    let mut problems = Vec::new();
    if !text.contains(&format!("\"{PROJECTS_GLOB}\"")) {
        problems.push(Problem::new(
            manifest.clone(),
            0,
            format!(
                "the workspace's members must include \"{PROJECTS_GLOB}\", where the listings are"
            ),
        ));
    }
    let excluded = text
        .split_once("exclude")
        .map_or("", |(_, rest)| rest.split(']').next().unwrap_or_default());
    for project in repo.projects.iter().filter(|p| p.build != Build::Cargo) {
        let folder = repo.relative(&project.dir).display().to_string();
        if !excluded.contains(&format!("\"{folder}\"")) {
            problems.push(Problem::new(
                manifest.clone(),
                0,
                format!(
                    "`{folder}` is not a Cargo project: add \"{folder}\" to the workspace's \
                     `exclude` (`cargo xtask new listing --mix` does)"
                ),
            ));
        }
    }
    problems
}

/// Every page SUMMARY.md lists exists, and every Markdown file under `src/` is listed there or
/// included by one that is (otherwise nobody reads it and nothing tests it).
pub fn summary_pages(repo: &Repo, expanded: &[Expanded]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let summary = repo.src().join("SUMMARY.md");
    for chapter in &repo.chapters {
        if !chapter.file.is_file() {
            problems.push(Problem::new(
                &summary,
                chapter.entry.line,
                format!("`{}` does not exist", chapter.entry.path.display()),
            ));
        }
    }
    let included: BTreeSet<&PathBuf> = expanded
        .iter()
        .flat_map(|chapter| &chapter.found.included)
        .collect();
    for file in repo.markdown_files().unwrap_or_default() {
        let listed = file == summary || repo.chapter(&file).is_some();
        if !listed && !included.contains(&file) {
            problems.push(Problem::new(
                &file,
                0,
                "not in SUMMARY.md and not included by a page that is: add it or remove it",
            ));
        }
    }
    problems
}

/// A numbered project's folder, package name and description all carry its id.
pub fn project_names(repo: &Repo) -> Vec<Problem> {
    let mut problems = Vec::new();
    for project in &repo.projects {
        let manifest = project.dir.join(match project.build {
            Build::Mix => "mix.exs",
            _ => "Cargo.toml",
        });
        let Some((kind, id)) = project.id() else {
            let name = project.name();
            if name.starts_with("listing-") || name.starts_with("exercise-") {
                problems.push(Problem::new(
                    &project.dir,
                    0,
                    format!(
                        "`{name}` does not follow the numbering rule: `{}-<chapter>-<NN>`, e.g. `listing-1.1.3-02`",
                        name.split('-').next().unwrap_or_default()
                    ),
                ));
            }
            continue;
        };
        if id.module() != project.module {
            problems.push(Problem::new(
                &project.dir,
                0,
                format!(
                    "{} {id} belongs to module {} but sits in listings/module-{}/",
                    kind.word(),
                    id.module(),
                    project.module
                ),
            ));
        }
        let wanted = match project.build {
            Build::Mix => id.mix_app(kind),
            _ => id.package(kind),
        };
        if let Some(package) = &project.package
            && *package != wanted
        {
            problems.push(Problem::new(
                &manifest,
                0,
                format!("the package must be named `{wanted}`, after its folder"),
            ));
        }
        let prefix = format!("{} {id}: ", kind.word());
        if let Some(description) = &project.description
            && !description.starts_with(&prefix)
        {
            problems.push(Problem::new(
                &manifest,
                0,
                format!("the description must start with `{prefix}`"),
            ));
        }
    }
    problems
}

const ID: &str = r"\d+(?:\.\d+)+-\d+";

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(Listing|Exercise)s?\s+({ID}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+to\s+|\s*–\s*){ID})*)"
    ))
    .expect("valid regex")
});
static ONE_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(ID).expect("valid regex"));

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

/// Every "Listing 1.1.3-2" or "Exercise 1.1.3-1" in the book's prose, its quizzes, the READMEs
/// and the projects' own files names a listing or exercise that exists.
pub fn references(repo: &Repo) -> Vec<Problem> {
    let mut files = paths::files_under(&repo.src(), &["md", "toml"]).unwrap_or_default();
    for name in ["README.md", "CONTRIBUTING.md"] {
        files.push(repo.root.join(name));
    }
    for project in &repo.projects {
        let recorded: BTreeSet<PathBuf> = project.recorded_outputs().into_iter().collect();
        files.extend(
            paths::files_under(&project.dir, &[])
                .unwrap_or_default()
                .into_iter()
                .filter(|file| !recorded.contains(file)),
        );
    }
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        for capture in REFERENCE.captures_iter(&text) {
            let kind = if &capture[1] == "Listing" {
                Kind::Listing
            } else {
                Kind::Exercise
            };
            let ids = capture.get(2).expect("the regex has two groups");
            for found in ONE_ID.find_iter(ids.as_str()) {
                let exists = found
                    .as_str()
                    .parse::<Id>()
                    .is_ok_and(|id| repo.project(kind, &id).is_some());
                if !exists {
                    problems.push(Problem::new(
                        &file,
                        line_at(&text, ids.start() + found.start()),
                        format!(
                            "{} {} names nothing: there is no listings/module-*/{}",
                            kind.word(),
                            found.as_str(),
                            found
                                .as_str()
                                .parse::<Id>()
                                .map(|id| id.folder(kind))
                                .unwrap_or_else(|_| "(not an id)".into())
                        ),
                    ));
                }
            }
        }
    }
    problems
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?s)<span class="caption">\s*(?:(Listing|Exercise) ({ID}):\s*)?`([^`]+)`"#
    ))
    .expect("valid regex")
});

/// Captions agree with what they caption, and listings are numbered by the chapter that first
/// shows them, 1, 2, 3 in the order it shows them:
/// - a caption of a file in `listing-1.1.3-02/` starts `Listing 1.1.3-2:`, and a caption that
///   names a listing points into that listing's folder;
/// - a listing is first captioned in chapter 1.1.3, after Listing 1.1.3-1;
/// - every listing is captioned somewhere.
pub fn captions(repo: &Repo, expanded: &[Expanded]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_shown: BTreeMap<Id, ()> = BTreeMap::new();
    for chapter in &repo.chapters {
        let Some(page) = expanded.iter().find(|page| page.file == chapter.file) else {
            continue;
        };
        let text: String = page
            .lines
            .iter()
            .map(|line| format!("{}\n", line.text))
            .collect();
        let mut next_in_chapter = 1;
        for capture in CAPTION.captures_iter(&text) {
            let whole = capture.get(0).expect("group 0");
            let line_index = line_at(&text, whole.start()) - 1;
            let line = page
                .lines
                .get(line_index)
                .map_or(0, |line| line.source_line + 1);
            let path = repo.root.join(&capture[3]);
            let problem = |message: String| Problem::new(&chapter.file, line, message);
            if !capture[3].starts_with("listings/") {
                continue;
            }
            if !path.exists() {
                problems.push(problem(format!(
                    "the caption names `{}`, which does not exist",
                    &capture[3]
                )));
                continue;
            }
            let owner = repo.project_of(&path);
            let named = capture
                .get(2)
                .map(|id| (capture[1].to_owned(), id.as_str().parse::<Id>()));
            match (owner.map(|project| &project.role), named) {
                (Some(Role::Listing(id)), Some((word, Ok(named))))
                    if word == "Listing" && named == *id =>
                {
                    if first_shown.insert(id.clone(), ()).is_none() {
                        let here = &chapter.entry.number;
                        if id.chapter != *here {
                            problems.push(problem(format!(
                                "Listing {id} is first shown in chapter {}: number it {}-{next_in_chapter} (or show it first in chapter {})",
                                chapter.entry.number_text(),
                                chapter.entry.number_text(),
                                id.chapter_text()
                            )));
                        } else if id.number != next_in_chapter {
                            problems.push(problem(format!(
                                "Listing {id} comes where Listing {}-{next_in_chapter} should: number listings in the order the chapter first shows them",
                                id.chapter_text()
                            )));
                        }
                        next_in_chapter = next_in_chapter.max(id.number) + 1;
                    }
                }
                (Some(Role::Listing(id)), _) => problems.push(problem(format!(
                    "a caption of a file in `{}` must start `Listing {id}:`",
                    id.folder(Kind::Listing)
                ))),
                (Some(Role::Exercise(id)), Some((word, Ok(named))))
                    if word == "Exercise" && named == *id => {}
                (_, Some((word, _))) => problems.push(problem(format!(
                    "the caption says {word} {} but `{}` is not in its folder",
                    &capture[2], &capture[3]
                ))),
                (_, None) => {}
            }
        }
    }
    for project in &repo.projects {
        if let Role::Listing(id) = &project.role
            && !first_shown.contains_key(id)
        {
            problems.push(Problem::new(
                &project.dir,
                0,
                format!("Listing {id} is captioned in no chapter: show it, or remove it"),
            ));
        }
    }
    problems
}

/// Exercises are numbered by the chapter whose page first includes their files, 1, 2, 3 in the
/// order it includes them, and every exercise is on some page.
pub fn exercise_order(repo: &Repo, expanded: &[Expanded]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for chapter in &repo.chapters {
        let Some(page) = expanded.iter().find(|page| page.file == chapter.file) else {
            continue;
        };
        let mut next = 1;
        for file in page.found.included_in_order() {
            let Some(project) = repo.project_of(file) else {
                continue;
            };
            let Role::Exercise(id) = &project.role else {
                continue;
            };
            if !seen.insert(id.clone()) {
                continue;
            }
            let message = if id.chapter != chapter.entry.number {
                format!(
                    "Exercise {id} is first shown in chapter {}: number it {}-{next}",
                    chapter.entry.number_text(),
                    chapter.entry.number_text()
                )
            } else if id.number != next {
                format!(
                    "Exercise {id} comes where Exercise {}-{next} should",
                    id.chapter_text()
                )
            } else {
                String::new()
            };
            if !message.is_empty() {
                problems.push(Problem::new(&chapter.file, 0, message));
            }
            next = next.max(id.number) + 1;
        }
    }
    for (id, project) in repo.exercises() {
        if !seen.contains(id) {
            problems.push(Problem::new(
                &project.dir,
                0,
                format!("Exercise {id} is included by no chapter"),
            ));
        }
    }
    problems
}

/// Every `ANCHOR:` region in a project is included by some page, or says why it is kept:
/// `// ANCHOR: name (kept: why)`.
pub fn unused_anchors(repo: &Repo, expanded: &[Expanded]) -> Vec<Problem> {
    let used: BTreeSet<&(PathBuf, String)> = expanded
        .iter()
        .flat_map(|page| &page.found.anchors)
        .collect();
    let mut problems = Vec::new();
    for project in &repo.projects {
        for file in paths::files_under(&project.dir, &[]).unwrap_or_default() {
            let Ok(text) = fs::read_to_string(&file) else {
                continue;
            };
            for (line, name, rest) in markdown::anchors_in(&text) {
                let key = (file.clone(), name.clone());
                if !used.contains(&key) && !rest.starts_with("(kept") {
                    problems.push(Problem::new(
                        &file,
                        line,
                        format!(
                            "no page includes the anchor `{name}`: include it, remove it, or mark it `ANCHOR: {name} (kept: why)`"
                        ),
                    ));
                }
            }
        }
    }
    problems
}

static TAKES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"module takes \*\*([\d.]+) hours\*\*").expect("valid regex"));
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]+)\]\(([^)]+)\)").expect("valid regex"));

/// A module page's chapter table agrees with SUMMARY.md: the written chapters are the ones
/// SUMMARY.md lists under the module, in its order and with its numbers, linked; planned ones are
/// not linked; the hours add up to the total, and the total is what the page says the module takes.
pub fn module_pages(repo: &Repo) -> Vec<Problem> {
    let mut problems = Vec::new();
    for page in repo.module_pages() {
        let module = page.module.clone().unwrap_or_default();
        let Ok(text) = fs::read_to_string(&page.file) else {
            continue;
        };
        let problem = |line: usize, message: String| Problem::new(&page.file, line, message);
        let Some(start) = text.find("\n## Chapters") else {
            problems.push(problem(
                0,
                "a module page needs a `## Chapters` table".into(),
            ));
            continue;
        };
        let first_line = line_at(&text, start + 1);
        let mut rows = Vec::new();
        for (offset, row) in text[start + 1..].lines().enumerate() {
            let line = first_line + offset;
            if row.starts_with("## ") && offset > 0 {
                break;
            }
            if !row.starts_with('|') {
                continue;
            }
            let cells: Vec<&str> = row
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if cells.len() != 4 || cells[0] == "#" || cells[0].starts_with("---") {
                continue;
            }
            rows.push((line, cells));
        }
        let written = repo.chapters_of(&module);
        let mut sum = 0.0;
        let mut total = None;
        let mut written_rows = 0;
        for (line, cells) in &rows {
            let hours: Option<f64> = cells[2].trim_matches('*').parse().ok();
            if cells[1].contains("**Total**") {
                total = hours;
                if hours.is_none() {
                    problems.push(problem(*line, "the total's hours are not a number".into()));
                }
                continue;
            }
            match hours {
                Some(hours) => sum += hours,
                None => problems.push(problem(
                    *line,
                    format!("`{}` is not a number of hours", cells[2]),
                )),
            }
            let link = LINK.captures(cells[1]);
            match (cells[3], link) {
                ("written", Some(link)) => {
                    let target = paths::normalize(
                        &page.file.parent().unwrap_or(Path::new("")).join(&link[2]),
                    );
                    let chapter = written.get(written_rows);
                    written_rows += 1;
                    match chapter {
                        Some(chapter) if chapter.file == target => {
                            let number = chapter.entry.number.last().map(u32::to_string).unwrap_or_default();
                            if cells[0] != number {
                                problems.push(problem(*line, format!(
                                    "SUMMARY.md numbers `{}` {}: the # column says {}",
                                    &link[2],
                                    chapter.entry.number_text(),
                                    cells[0]
                                )));
                            }
                        }
                        Some(chapter) => problems.push(problem(*line, format!(
                            "written chapter {written_rows} of the module is `{}` in SUMMARY.md, not `{}`",
                            repo.relative(&chapter.file).display(),
                            &link[2]
                        ))),
                        None => problems.push(problem(*line, format!(
                            "`{}` is marked written but SUMMARY.md does not list it under module {module}",
                            &link[2]
                        ))),
                    }
                }
                ("written", None) => problems.push(problem(
                    *line,
                    "a written chapter must link to its page".into(),
                )),
                ("planned", Some(_)) => problems.push(problem(
                    *line,
                    "a planned chapter has no page to link to yet".into(),
                )),
                ("planned", None) => {}
                (status, _) => problems.push(problem(
                    *line,
                    format!("status `{status}` is neither `written` nor `planned`"),
                )),
            }
        }
        if written_rows < written.len() {
            for chapter in &written[written_rows..] {
                problems.push(problem(
                    first_line,
                    format!(
                        "SUMMARY.md lists `{}` under module {module}, but this table does not",
                        repo.relative(&chapter.file).display()
                    ),
                ));
            }
        }
        match total {
            Some(total) if (total - sum).abs() > 1e-9 => problems.push(problem(
                first_line,
                format!("the chapters' hours add up to {sum}, but the total says {total}"),
            )),
            None => problems.push(problem(
                first_line,
                "the chapter table needs a **Total** row".into(),
            )),
            _ => {}
        }
        match TAKES.captures(&text).and_then(|c| c[1].parse::<f64>().ok()) {
            Some(takes) if (takes - sum).abs() > 1e-9 => problems.push(problem(
                first_line,
                format!(
                    "the page says the module takes {takes} hours; its chapters add up to {sum}"
                ),
            )),
            None => problems.push(problem(
                first_line,
                "say how long the module takes: `The module takes **N hours**`".into(),
            )),
            _ => {}
        }
    }
    problems
}

static TODO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bTODO\b").expect("valid regex"));

/// A `TODO` left in a page, a quiz or a project's file (what `cargo xtask new` writes
/// where the author's words go) is unfinished work that must not be published.
pub fn unfinished(repo: &Repo) -> Vec<Problem> {
    let mut problems = Vec::new();
    for file in paths::files_under(&repo.src(), &["md", "toml"]).unwrap_or_default() {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for found in TODO.find_iter(&text) {
            problems.push(Problem::new(
                &file,
                line_at(&text, found.start()),
                "unfinished: a TODO is left here",
            ));
        }
    }
    // A project's files: its code, its tests, its Cargo.toml (whose description is checked
    // with the rest of the file). The scaffolding leaves a TODO wherever the author must write.
    for project in &repo.projects {
        for file in paths::files_under(&project.dir, &[]).unwrap_or_default() {
            let Ok(text) = fs::read_to_string(&file) else {
                continue; // not text
            };
            if let Some(found) = TODO.find(&text) {
                problems.push(Problem::new(
                    &file,
                    line_at(&text, found.start()),
                    "unfinished: a TODO is left here",
                ));
            }
        }
    }
    problems
}
