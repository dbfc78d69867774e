//! `cargo xtask new listing|exercise|chapter`: creates the files a new piece of the book needs,
//! already following the conventions that `cargo xtask lint` checks, and says what to write next.
//!
//! What it writes is a skeleton: every place that needs the author's words says `TODO`, and the
//! lints refuse a `TODO` in a page, a quiz or a listing's description, so a skeleton cannot land
//! unfinished.

use crate::workspace::{self, relative};
use anyhow::{Context, Result, bail};
use book_layout::{Chapter, Id, Kind, Repo};
use std::fs;
use std::path::{Path, PathBuf};

/// Finds a chapter by its number (`1.1.8`) or its file (`src/month-1/module-1.1/tcp.md`).
fn find_chapter<'a>(repo: &'a Repo, which: &str) -> Result<&'a Chapter> {
    let by_file = fs::canonicalize(which).ok();
    repo.chapters
        .iter()
        .filter(|chapter| chapter.module.is_some() && !chapter.is_module_page)
        .find(|chapter| {
            chapter.entry.number_text() == which
                || by_file.as_deref() == Some(chapter.file.as_path())
        })
        .with_context(|| {
            format!(
                "no chapter `{which}` in SUMMARY.md: give its number as the sidebar shows it \
                 (1.1.8) or its file (src/month-1/module-1.1/tcp.md)"
            )
        })
}

/// The next free id in `chapter` for `kind`: one past the highest that exists.
fn next_id(repo: &Repo, chapter: &Chapter, kind: Kind) -> Id {
    let highest = repo
        .projects
        .iter()
        .filter_map(|project| project.id())
        .filter(|(k, id)| *k == kind && id.chapter == chapter.entry.number)
        .map(|(_, id)| id.number)
        .max()
        .unwrap_or(0);
    Id::new(&chapter.entry.number, highest + 1)
}

fn write_new(path: &Path, contents: &str) -> Result<()> {
    if path.exists() {
        bail!("{} exists already; nothing was overwritten", relative(path));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents).with_context(|| format!("cannot write {}", relative(path)))?;
    println!("  created {}", relative(path));
    Ok(())
}

fn project_dir(repo: &Repo, kind: Kind, id: &Id) -> PathBuf {
    repo.root
        .join("listings")
        .join(format!("module-{}", id.module()))
        .join(id.folder(kind))
}

/// A Mix project: `mix.exs` naming the application after the id, a module with an anchor for the
/// page to include, and an ExUnit test. Only OTP's own applications: the machine that checks the
/// book has no Hex, so a listing cannot fetch packages.
fn mix_listing(repo: &Repo, chapter: &Chapter, id: &Id, dir: &Path) -> Result<()> {
    let app = id.mix_app(Kind::Listing);
    let module = module_name(&app);
    write_new(
        &dir.join("mix.exs"),
        &mix_exs(
            &format!("Listing {id}: TODO say in one line what the listing shows"),
            &module,
            &app,
            "",
        ),
    )?;
    write_new(
        &dir.join("lib").join(format!("{app}.ex")),
        &format!(
            r#"defmodule {module} do
  @moduledoc "TODO: what this module shows, and why it is built this way."

  # ANCHOR: main
  def hello, do: :world
  # ANCHOR_END: main
end
"#
        ),
    )?;
    write_formatter_and_test_helper(dir, "lib,test")?;
    write_new(
        &dir.join("test").join(format!("{app}_test.exs")),
        &format!(
            r#"defmodule {module}Test do
  use ExUnit.Case, async: true

  # TODO: test what the chapter claims about this code.
  test "hello" do
    assert {module}.hello() == :world
  end
end
"#
        ),
    )?;
    let folder = relative(dir);
    exclude_from_workspace(&repo.root, &folder)?;
    let up = up_to_root(repo, chapter);
    println!(
        "\nListing {id} is `{folder}/` (Mix; left out of the Cargo workspace in Cargo.toml). Next:\n\
         1. Name the module after what it does, write it and its tests; replace every TODO.\n\
         2. Show it in chapter {number} ({title}):\n\n\
         ```elixir\n\
         {{{{#include {up}{folder}/lib/{app}.ex:main}}}}\n\
         ```\n\n\
         <span class=\"caption\">Listing {id}: `{folder}/lib/{app}.ex` — TODO what it shows</span>\n\n\
         3. `mix test` in the folder runs its tests; `cargo xtask lint` says whether the numbering,\n   \
         caption and anchors agree.",
        number = chapter.entry.number_text(),
        title = chapter.entry.title,
    );
    Ok(())
}

/// Adds `folder` to the root Cargo.toml's `exclude`: Cargo takes every folder its members glob
/// matches for a package, and fails on one without a Cargo.toml.
fn exclude_from_workspace(root: &Path, folder: &str) -> Result<()> {
    let manifest = root.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)?;
    let entry = format!("    \"{folder}\",\n");
    let updated = if let Some(start) = text.find("exclude = [") {
        let end = start
            + text[start..]
                .find(']')
                .context("Cargo.toml: `exclude` is not closed")?;
        format!("{}{entry}{}", &text[..end], &text[end..])
    } else {
        let members = text
            .find("members = [")
            .context("Cargo.toml has no `members`")?;
        let end = members
            + text[members..]
                .find("]\n")
                .context("Cargo.toml: `members` is not closed")?
            + 2;
        format!(
            "{}# Projects that Cargo does not build (Mix, plain files), which the glob above matches.\n\
             exclude = [\n{entry}]\n{}",
            &text[..end],
            &text[end..]
        )
    };
    fs::write(&manifest, updated)?;
    println!("  added {folder} to the workspace's `exclude` in Cargo.toml");
    Ok(())
}

/// `Listing22301` from `listing_2_2_3_01`: an application's name as a module name.
fn module_name(app: &str) -> String {
    app.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// A Mix project's `mix.exs`: only Elixir's and OTP's applications, since there is no Hex.
/// `extra` goes into the project's keyword list.
fn mix_exs(title: &str, module: &str, app: &str, extra: &str) -> String {
    format!(
        r#"# {title}
defmodule {module}.MixProject do
  use Mix.Project

  def project do
    [
      app: :{app},
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []{extra}
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
"#
    )
}

/// `.formatter.exs` (`mix format --check-formatted`, which the check runs, needs to be told
/// which files: those in the folders `folders`, e.g. `lib,test`) and ExUnit's test helper.
fn write_formatter_and_test_helper(dir: &Path, folders: &str) -> Result<()> {
    write_new(
        &dir.join(".formatter.exs"),
        &format!("[inputs: [\"{{mix,.formatter}}.exs\", \"{{{folders}}}/**/*.{{ex,exs}}\"]]\n"),
    )?;
    write_new(
        &dir.join("test").join("test_helper.exs"),
        "ExUnit.start()\n",
    )
}

/// An Elixir exercise: the same parts as a Rust one, `attempt/` and `solution/` chosen by mix.exs.
fn mix_exercise(repo: &Repo, chapter: &Chapter, id: &Id, dir: &Path, function: &str) -> Result<()> {
    let app = id.mix_app(Kind::Exercise);
    let module = module_name(&app);
    write_new(
        &dir.join("mix.exs"),
        &mix_exs(
            &format!("Exercise {id}: TODO say in one line what the reader builds"),
            &module,
            &app,
            &format!(
                ",\n      # `cargo xtask exercise {id}` sets EXERCISE=attempt: the tests then run against\n      \
                 # your attempt/ instead of the reference solution/.\n      \
                 elixirc_paths:\n        \
                 if(System.get_env(\"EXERCISE\") == \"attempt\", do: [\"attempt\"], else: [\"solution\"])"
            ),
        ),
    )?;
    write_formatter_and_test_helper(dir, "attempt,solution,test")?;
    write_new(
        &dir.join("attempt").join(format!("{app}.ex")),
        &format!(
            r#"# Your attempt: write the function and run `cargo xtask exercise {id}`.
defmodule {module} do
  @moduledoc "TODO: the task in one sentence."

  # ANCHOR: starter
  @doc "TODO: what the function must do, precisely enough to be tested."
  @spec {function}(String.t()) :: non_neg_integer()
  def {function}(_input) do
    raise "not written yet: TODO a hint of where to start"
  end

  # ANCHOR_END: starter
end
"#
        ),
    )?;
    write_new(
        &dir.join("solution").join(format!("{app}.ex")),
        &format!(
            r#"defmodule {module} do
  @moduledoc "TODO: the task in one sentence."

  # ANCHOR: solution
  @doc "TODO: the reference solution, written as the book would want the reader's to be."
  @spec {function}(String.t()) :: non_neg_integer()
  def {function}(input), do: String.length(input)
  # ANCHOR_END: solution
end
"#
        ),
    )?;
    write_new(
        &dir.join("test").join(format!("{function}_test.exs")),
        &format!(
            r#"defmodule {module}Test do
  use ExUnit.Case, async: true

  # What "done" means for Exercise {id}.
  test "TODO: the first case the chapter works through" do
    assert {module}.{function}("abc") == 3
  end
end
"#
        ),
    )?;
    let folder = relative(dir);
    exclude_from_workspace(&repo.root, &folder)?;
    let up = up_to_root(repo, chapter);
    println!(
        "\nExercise {id} is `{folder}/` (Mix). Next:\n\
         1. Write the tests first, then the solution, then a starter that compiles and fails them.\n\
         2. Put it under `## Exercises` in chapter {number} ({title}):\n\n\
         ### Exercise {id}: TODO a title\n\n\
         ```elixir\n\
         {{{{#include {up}{folder}/attempt/{app}.ex:starter}}}}\n\
         ```\n\n\
         **Done means** the tests in `{folder}/test/` pass against your code: TODO what they check.\n\
         Run `cargo xtask exercise {id}`.\n\n\
         <details>\n<summary>Show a solution</summary>\n\n\
         ```elixir\n\
         {{{{#include {up}{folder}/solution/{app}.ex:solution}}}}\n\
         ```\n\n\
         TODO why the solution is built this way.\n\n\
         </details>\n\n\
         3. `cargo xtask exercise {id}` should now fail (the starter) and `mix test` in the folder pass.",
        number = chapter.entry.number_text(),
        title = chapter.entry.title,
    );
    Ok(())
}

/// A project's Cargo.toml with the workspace's conventions: edition, no publishing, the
/// description the lints check, and dependencies named with their versions.
fn cargo_toml(package: &str, description: &str, features: &str) -> String {
    format!(
        r#"[package]
name = "{package}"
version = "0.1.0"
edition = "2024"
publish = false
description = "{description}"

{features}# Name each dependency with its version here (no `workspace = true`): the folder must build
# when a reader copies it out of the repository.
[dependencies]
"#
    )
}

/// From `src/month-1/module-1.1/tcp.md`, the path to the repository root (`../../../`).
fn up_to_root(repo: &Repo, chapter: &Chapter) -> String {
    let depth = chapter
        .file
        .parent()
        .and_then(|dir| dir.strip_prefix(&repo.root).ok())
        .map_or(0, |dir| dir.components().count());
    "../".repeat(depth)
}

pub fn listing(which: &str, mix: bool) -> Result<()> {
    let repo = workspace::repo()?;
    let chapter = find_chapter(&repo, which)?;
    let id = next_id(&repo, chapter, Kind::Listing);
    let dir = project_dir(&repo, Kind::Listing, &id);
    if dir.exists() {
        bail!("{} exists already", relative(&dir));
    }
    if mix {
        return mix_listing(&repo, chapter, &id, &dir);
    }
    write_new(
        &dir.join("Cargo.toml"),
        &cargo_toml(
            &id.package(Kind::Listing),
            &format!("Listing {id}: TODO say in one line what the listing shows"),
            "",
        ),
    )?;
    write_new(
        &dir.join("src").join("main.rs"),
        r#"//! TODO: what this program shows, and why it is built this way.

// ANCHOR: main
fn main() {
    println!("TODO");
}
// ANCHOR_END: main
"#,
    )?;
    let folder = relative(&dir);
    println!(
        "\nListing {id} is `{folder}/`. Next:\n\
         1. Write the program and its tests; replace every TODO.\n\
         2. Show it in chapter {number} ({title}), after Listing {before} if there is one:\n\n\
         ```rust\n\
         {{{{#rustdoc_include {up}{folder}/src/main.rs:main}}}}\n\
         ```\n\n\
         <span class=\"caption\">Listing {id}: `{folder}/src/main.rs` — TODO what it shows</span>\n\n\
         3. If the chapter shows its output, put the command in `{folder}/output.txt` as its first line\n   \
         (`$ cargo run -q`) and run `cargo xtask outputs --bless {folder}`.\n\
         4. `cargo xtask lint` says whether the numbering, caption and anchors agree.",
        number = chapter.entry.number_text(),
        title = chapter.entry.title,
        before = if id.number > 1 {
            Id::new(&id.chapter, id.number - 1).to_string()
        } else {
            "(none: it is the first)".to_owned()
        },
        up = up_to_root(&repo, chapter),
    );
    Ok(())
}

pub fn exercise(which: &str, function: &str, mix: bool) -> Result<()> {
    let is_identifier = function
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && function
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !is_identifier {
        bail!("`{function}` is not a snake_case function name");
    }
    let repo = workspace::repo()?;
    let chapter = find_chapter(&repo, which)?;
    let id = next_id(&repo, chapter, Kind::Exercise);
    let dir = project_dir(&repo, Kind::Exercise, &id);
    if dir.exists() {
        bail!("{} exists already", relative(&dir));
    }
    if mix {
        return mix_exercise(&repo, chapter, &id, &dir, function);
    }
    let package = id.package(Kind::Exercise);
    let krate = package.replace('-', "_");
    write_new(
        &dir.join("Cargo.toml"),
        &cargo_toml(
            &package,
            &format!("Exercise {id}: TODO say in one line what the reader builds"),
            &format!(
                "[features]\n\
                 # `cargo xtask exercise {id}` turns this on: the tests then run against your\n\
                 # `src/attempt.rs` instead of the reference solution.\n\
                 attempt = []\n\n"
            ),
        ),
    )?;
    write_new(
        &dir.join("src").join("lib.rs"),
        &format!(
            r#"//! Exercise {id}: TODO the task in one sentence.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise {id}
//! ```

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{function};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{function};
"#
        ),
    )?;
    write_new(
        &dir.join("src").join("attempt.rs"),
        &format!(
            r#"// Your attempt: replace the `todo!()` and run `cargo xtask exercise {id}`.
#![allow(unused_variables)]

// ANCHOR: starter
/// TODO: what the function must do, precisely enough to be tested.
pub fn {function}(input: &str) -> usize {{
    todo!("TODO a hint of where to start")
}}
// ANCHOR_END: starter
"#
        ),
    )?;
    write_new(
        &dir.join("src").join("solution.rs"),
        &format!(
            r#"// ANCHOR: solution
/// TODO: the reference solution, written as the book would want the reader's to be.
pub fn {function}(input: &str) -> usize {{
    input.len()
}}
// ANCHOR_END: solution
"#
        ),
    )?;
    write_new(
        &dir.join("tests").join(format!("{function}.rs")),
        &format!(
            r#"//! What "done" means for Exercise {id}.
use {krate}::{function};

#[test]
fn todo_replace_with_the_first_case_the_chapter_works_through() {{
    assert_eq!({function}("abc"), 3);
}}
"#
        ),
    )?;
    let folder = relative(&dir);
    let up = up_to_root(&repo, chapter);
    println!(
        "\nExercise {id} is `{folder}/`. Next:\n\
         1. Write the tests first: they are the exercise's specification. Then the solution, then a\n   \
         starter that compiles and fails them (`cargo xtask check` fails if a starter passes).\n\
         2. Put it under `## Exercises` in chapter {number} ({title}):\n\n\
         ### Exercise {id}: TODO a title\n\n\
         ```rust\n\
         {{{{#include {up}{folder}/src/attempt.rs:starter}}}}\n\
         ```\n\n\
         **Done means** the tests in `{folder}/tests/` pass against your code: TODO what they check.\n\
         Run `cargo xtask exercise {id}`.\n\n\
         <details>\n<summary>Show a solution</summary>\n\n\
         ```rust\n\
         {{{{#include {up}{folder}/src/solution.rs:solution}}}}\n\
         ```\n\n\
         TODO why the solution is built this way.\n\n\
         </details>\n\n\
         3. `cargo xtask exercise {id}` should now fail (the starter) and `cargo test -p {package}` pass.",
        number = chapter.entry.number_text(),
        title = chapter.entry.title,
    );
    Ok(())
}

/// Adds a chapter to a module: the page with the chapter's anatomy, its quiz, its line in
/// SUMMARY.md (after the module's last chapter) and, when the module page plans a chapter of
/// that title, the link in its table.
pub fn chapter(module: &str, stem: &str, title: &str) -> Result<()> {
    let repo = workspace::repo()?;
    let Some(page) = repo
        .module_pages()
        .find(|page| page.module.as_deref() == Some(module))
    else {
        bail!("no module {module} in SUMMARY.md");
    };
    let dir = page.file.parent().context("a module page has a folder")?;
    let file = dir.join(format!("{stem}.md"));
    write_new(
        &file,
        &format!(
            r#"# {title}

TODO: open with a question or a problem the reader can feel.

## TODO: a first section that runs a small program and shows its real output

TODO

## Key takeaways

- TODO

## Exercises

TODO: `cargo xtask new exercise <this chapter's number> <function>` makes one.

## Reflection

```admonish question title="Think it over"
- TODO
```

## Quiz

{{{{#quiz quizzes/{stem}.toml}}}}
"#
        ),
    )?;
    write_new(
        &dir.join("quizzes").join(format!("{stem}.toml")),
        r#"[[questions]]
type = "MultipleChoice"
prompt.prompt = "TODO: a question that checks understanding (predict the output, pick the failure mode)."
answer.answer = "TODO: the right answer"
prompt.distractors = ["TODO: a wrong answer a reader might pick", "TODO: another"]
context = "TODO: a paragraph that explains the answer."
"#,
    )?;
    // SUMMARY.md: after the module's last chapter, or after the module page.
    let summary_path = repo.src().join("SUMMARY.md");
    let summary = fs::read_to_string(&summary_path)?;
    let last = repo
        .chapters_of(module)
        .last()
        .map_or(page.entry.line, |chapter| chapter.entry.line);
    let indent = "  ".repeat(page.entry.number.len());
    let relative_page = file
        .strip_prefix(repo.src())
        .context("chapters live under src/")?
        .display()
        .to_string();
    let mut lines: Vec<String> = summary.lines().map(str::to_owned).collect();
    lines.insert(last, format!("{indent}- [{title}]({relative_page})"));
    fs::write(&summary_path, lines.join("\n") + "\n")?;
    println!("  added `{title}` to src/SUMMARY.md");
    // The module page's table: a planned row of this title becomes a written one.
    let module_text = fs::read_to_string(&page.file)?;
    let planned = format!("| {title} |");
    if let Some(row_start) = module_text.find(&planned) {
        let line_start = module_text[..row_start].rfind('\n').map_or(0, |at| at + 1);
        let line_end = module_text[row_start..]
            .find('\n')
            .map_or(module_text.len(), |at| row_start + at);
        let row = &module_text[line_start..line_end];
        let new_row = row
            .replace(&planned, &format!("| [{title}]({stem}.md) |"))
            .replace("| planned |", "| written |");
        let updated = format!(
            "{}{new_row}{}",
            &module_text[..line_start],
            &module_text[line_end..]
        );
        fs::write(&page.file, updated)?;
        println!(
            "  linked the planned row `{title}` in {}",
            relative(&page.file)
        );
    } else {
        println!(
            "  {} plans no chapter titled `{title}`: add its row to the `## Chapters` table",
            relative(&page.file)
        );
    }
    println!(
        "\nNext: write the chapter (every TODO), build the book once to give the quiz its ids \
         (`cargo xtask build`), and run `cargo xtask lint`."
    );
    Ok(())
}
