//! Generates a test for every Rust code block of the book.
//!
//! 1. Each chapter under `src/` is expanded the way mdBook shows it (`book_layout::markdown`) and
//!    written to `OUT_DIR/chapters/`, so skeptic compiles what the reader sees.
//! 2. Blocks that skeptic cannot judge are taken out of its sight in that copy:
//!    - `compile_fail,E0382` blocks get a test of their own that expects exactly that error;
//!    - excerpts shown with `{{#include}}` are tested by building and testing their listing's crate.
//! 3. Skeptic writes the tests; their names are rewritten to point at the chapter's own lines.
//!
//! Anything wrong with a chapter (a missing include or anchor, a Rust block marked `ignore`, a
//! `compile_fail` block that names no error code, a block without a language) stops the build with
//! the list of places to fix.

use book_layout::Problem;
use book_layout::markdown::{self, Line, Origin, Workspace};
use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

struct CompileFail {
    test_name: String,
    place: String,
    codes: Vec<String>,
    code: String,
}

/// What the generated tests need to know about one chapter copy.
struct Copy {
    path: PathBuf,
    /// For every line of the copy, the zero-based line of the chapter it came from.
    source_lines: Vec<usize>,
}

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir
        .parent()
        .expect("book-tests sits in the workspace")
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    let src = root.join("src");
    // Watch the files themselves, not `src/`: mdbook-quiz writes into `src/quiz/` on every book
    // build, and watching the folder would regenerate every test after each build. A new chapter
    // is noticed because it must be added to SUMMARY.md.
    println!(
        "cargo:rerun-if-changed={}",
        src.join("SUMMARY.md").display()
    );

    let workspace = Workspace { root: root.clone() };
    let copies_dir = out_dir.join("chapters");
    fs::create_dir_all(&copies_dir).expect("create OUT_DIR/chapters");

    let chapters = book_layout::paths::files_under(&src, &["md"]).expect("read src/");

    let mut problems = Vec::new();
    let mut compile_fails = Vec::new();
    let mut copies: BTreeMap<String, Copy> = BTreeMap::new();
    for chapter in &chapters {
        let relative = chapter.strip_prefix(&root).unwrap_or(chapter);
        let stem = markdown::test_stem(chapter.strip_prefix(&src).unwrap_or(chapter));
        println!("cargo:rerun-if-changed={}", chapter.display());
        let (mut lines, found) = markdown::expand_chapter(chapter, &workspace);
        for included in &found.included {
            println!("cargo:rerun-if-changed={}", included.display());
        }
        problems.extend(found.problems);
        for index in markdown::broken_fences(&lines) {
            problems.push(Problem::new(
                relative,
                lines[index].source_line + 1,
                "a backtick fence cannot have a backtick in its info string (an admonition \
                 title?): mdBook renders the rest of the page as text",
            ));
        }
        let blocks = markdown::code_blocks(&lines);
        for block in &blocks {
            let fence_source = lines[block.fence_line].source_line + 1;
            let problem = |message: String| Problem::new(relative, fence_source, message);
            if block.info.is_empty() {
                problems.push(problem(
                    "code block without a language: name one (`text` for plain text)".into(),
                ));
                continue;
            }
            if !block.is_rust() {
                continue;
            }
            if block.has("ignore") {
                problems.push(problem(
                    "a Rust block marked `ignore` is never compiled: make it compile, use `no_run`, \
                     or show it failing with `compile_fail,E....`"
                        .into(),
                ));
                continue;
            }
            if block.has("compile_fail") {
                let codes = block.error_codes();
                if codes.is_empty() {
                    problems.push(problem(
                        "`compile_fail` must name the error it fails with, e.g. `rust,compile_fail,E0382`"
                            .into(),
                    ));
                }
                compile_fails.push(CompileFail {
                    test_name: format!("{stem}_line_{fence_source}"),
                    place: format!("{}:{fence_source}", relative.display()),
                    codes,
                    code: markdown::compiled_code(&markdown::block_code(&lines, block)),
                });
                hide_from_skeptic(&mut lines, block.fence_line);
                continue;
            }
            let body = &lines[block.fence_line + 1..block.closing_line.min(lines.len())];
            if body.iter().any(|line| line.origin == Origin::Include) {
                // An excerpt: compiled and tested as part of its listing's crate.
                hide_from_skeptic(&mut lines, block.fence_line);
            }
        }
        for fence in markdown::admonition_fences(&lines) {
            lines[fence].text.clear();
        }
        let copy_path = copies_dir.join(format!("{stem}.md"));
        let text: String = lines
            .iter()
            .map(|line| format!("{}\n", line.text))
            .collect();
        write_if_changed(&copy_path, &text);
        copies.insert(
            stem,
            Copy {
                path: copy_path,
                source_lines: lines.iter().map(|line| line.source_line).collect(),
            },
        );
    }

    if !problems.is_empty() {
        eprintln!(
            "\nThe book's code blocks have {} problem(s):",
            problems.len()
        );
        for problem in &problems {
            let file = problem.file.strip_prefix(&root).unwrap_or(&problem.file);
            eprintln!("  {}:{}: {}", file.display(), problem.line, problem.message);
        }
        std::process::exit(1);
    }

    let paths: Vec<&PathBuf> = copies.values().map(|copy| &copy.path).collect();
    skeptic::generate_doc_tests(&paths);
    point_test_names_at_chapters(&out_dir.join("skeptic-tests.rs"), &copies);
    write_compile_fail_tests(&out_dir, &compile_fails);
}

/// Relabels a block as plain text in the test copy only; the reader's page is unchanged.
fn hide_from_skeptic(lines: &mut [Line], fence_line: usize) {
    let fence = &lines[fence_line].text;
    let indent = fence.len() - fence.trim_start().len();
    let marker: String = fence
        .trim_start()
        .chars()
        .take_while(|&c| c == '`' || c == '~')
        .collect();
    lines[fence_line].text = format!("{}{marker}text", &fence[..indent]);
}

/// Skeptic names a test after the copy's line; rename it after the chapter's line of the fence.
fn point_test_names_at_chapters(tests_file: &Path, copies: &BTreeMap<String, Copy>) {
    let generated = fs::read_to_string(tests_file).expect("skeptic wrote its tests");
    let mut renamed = String::with_capacity(generated.len());
    for line in generated.lines() {
        let new_line = line
            .strip_prefix("#[test] fn ")
            .and_then(|rest| rest.split_once("()"))
            .and_then(|(name, rest)| {
                let (prefix, number) = name.rsplit_once("_line_")?;
                let copy_line: usize = number.parse().ok()?;
                let copy = copies
                    .iter()
                    .filter(|(stem, _)| {
                        prefix == stem.as_str() || prefix.starts_with(&format!("{stem}_sect_"))
                    })
                    .max_by_key(|(stem, _)| stem.len())?
                    .1;
                let source = copy.source_lines.get(copy_line)?;
                Some(format!("#[test] fn {prefix}_line_{source}(){rest}"))
            });
        renamed.push_str(new_line.as_deref().unwrap_or(line));
        renamed.push('\n');
    }
    write_if_changed(tests_file, &renamed);
}

fn write_compile_fail_tests(out_dir: &Path, tests: &[CompileFail]) {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let mut text = format!("#[allow(dead_code)]\nconst RUSTC: &str = {rustc:?};\n\n");
    for test in tests {
        let _ = writeln!(
            text,
            "#[test]\nfn {}() {{\n    book_tests::expect_compile_error(RUSTC, {:?}, &{:?}, {:?});\n}}\n",
            test.test_name, test.place, test.codes, test.code
        );
    }
    write_if_changed(&out_dir.join("compile-fail-tests.rs"), &text);
}

/// Rewriting an unchanged file would make cargo rebuild the tests for nothing.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    fs::write(path, contents).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
}
