//! An mdBook preprocessor, run after mdbook-quiz (book.toml's `[preprocessor.quiz-assets]`): it
//! removes the `<script>` and `<link>` tags mdbook-quiz appends to every chapter with a quiz.
//! book.toml's `additional-js` and `additional-css` link the same two files once per page instead.
//!
//! Why: mdbook-quiz writes those tags with a path relative to the chapter, such as
//! `../../quiz/quiz-embed.iife.js` for a chapter in `month-1/module-1.1/`. The all-in-one print
//! page (`print.html`, at the book's root) repeats every chapter's HTML as it is, and mdBook
//! 0.4.52 rewrites only the links of `<a>` and `<img>` there, so on `print.html` those paths climb
//! two folders above the book: on GitHub Pages, where the book lives under `/mastering-backend/`,
//! the quiz script and its stylesheet are not found and no quiz renders. Even where they happen
//! to resolve, `print.html` would load and run the 500 KB script once per quiz chapter. mdBook
//! links additional files through its own path to the root, which is right on every page.
//!
//! mdBook runs the command as `… supports RENDERER`, then with `[context, book]` as JSON on
//! standard input, and reads the book back from standard output.

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde_json::Value;
use std::io::{Read, Write};

/// `cargo xtask quiz-assets [supports RENDERER]`.
pub fn run(args: &[String]) -> Result<()> {
    if let [supports, renderer] = args
        && supports == "supports"
    {
        // Only the HTML output links scripts; any other renderer keeps mdbook-quiz's output.
        std::process::exit(if renderer == "html" { 0 } else { 1 });
    }
    if !args.is_empty() {
        bail!("quiz-assets is run by mdBook (book.toml), with no arguments or `supports RENDERER`");
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let book = strip_book(&input)?;
    std::io::stdout().write_all(book.as_bytes())?;
    Ok(())
}

/// Takes mdBook's `[context, book]` and returns the book with the tags removed.
fn strip_book(input: &str) -> Result<String> {
    let Value::Array(mut pair) =
        serde_json::from_str(input).context("quiz-assets: mdBook's input is not JSON")?
    else {
        bail!("quiz-assets: expected mdBook's [context, book] on standard input");
    };
    let mut book = pair
        .pop()
        .context("quiz-assets: no book in mdBook's input")?;
    // The two tags as mdbook-quiz 0.4.0 appends them after a chapter's content, each with one
    // `..` per folder between the chapter and src/ (Windows builds write backslashes).
    let up = r"(?:\.\.[\\/])*";
    let tags = Regex::new(&format!(
        r#"(?:\s*(?:<script type="text/javascript" src="{up}quiz[\\/]quiz-embed\.iife\.js"></script>|<link rel="stylesheet" type="text/css" href="{up}quiz[\\/]style\.css">))+\s*$"#
    ))?;
    let mut untouched = Vec::new();
    if let Some(Value::Array(sections)) = book.get_mut("sections") {
        strip(sections, &tags, &mut untouched);
    }
    if !untouched.is_empty() {
        // A chapter with a quiz and no tags to remove means mdbook-quiz changed how it links its
        // files (a new version): stop rather than leave each page loading the script twice.
        bail!(
            "quiz-assets: mdbook-quiz's <script>/<link> tags not found at the end of: {}. Did \
             mdbook-quiz change how it links quiz-embed.iife.js and style.css? See \
             xtask/src/quiz_assets.rs.",
            untouched.join(", ")
        );
    }
    Ok(serde_json::to_string(&book)?)
}

fn strip(items: &mut [Value], tags: &Regex, untouched: &mut Vec<String>) {
    for item in items {
        // Separators and part titles are not chapters.
        let Some(chapter) = item.get_mut("Chapter") else {
            continue;
        };
        if let Some(Value::String(content)) = chapter.get_mut("content")
            && content.contains(r#"class="quiz-placeholder""#)
        {
            let stripped = tags.replace(content, "\n").into_owned();
            if stripped == *content {
                let name = chapter.get("source_path").or_else(|| chapter.get("name"));
                untouched.push(name.and_then(Value::as_str).unwrap_or("?").to_string());
            } else {
                *content = stripped;
            }
        }
        if let Some(Value::Array(sub_items)) = chapter.get_mut("sub_items") {
            strip(sub_items, tags, untouched);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(content: &str) -> String {
        let chapter = serde_json::json!({ "Chapter": {
            "name": "TCP", "content": content, "source_path": "month-1/module-1.1/tcp.md",
            "sub_items": [ "Separator" ],
        }});
        serde_json::json!([{ "root": "." }, { "sections": [chapter], "__non_exhaustive": null }])
            .to_string()
    }

    fn content_of(book: &str) -> String {
        let book: Value = serde_json::from_str(book).unwrap();
        book["sections"][0]["Chapter"]["content"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn removes_the_tags_mdbook_quiz_appends_and_keeps_the_rest() {
        let page = "# TCP\n\n<div class=\"quiz-placeholder\" data-quiz-name=\"tcp\"></div>\n\n\
            <script type=\"text/javascript\" src=\"../../quiz/quiz-embed.iife.js\"></script>\n\
            <link rel=\"stylesheet\" type=\"text/css\" href=\"../../quiz/style.css\">\n";
        let out = content_of(&strip_book(&input(page)).unwrap());
        assert_eq!(
            out,
            "# TCP\n\n<div class=\"quiz-placeholder\" data-quiz-name=\"tcp\"></div>\n"
        );
    }

    #[test]
    fn a_page_without_a_quiz_is_left_as_it_is() {
        let page = "# Intro\n\n<script type=\"text/javascript\" src=\"quiz/quiz-embed.iife.js\"></script>\n";
        assert_eq!(content_of(&strip_book(&input(page)).unwrap()), page);
    }

    #[test]
    fn a_quiz_without_the_tags_means_mdbook_quiz_changed_and_fails() {
        let page = "<div class=\"quiz-placeholder\"></div>\n<script src=\"/quiz.js\"></script>\n";
        let error = strip_book(&input(page)).unwrap_err().to_string();
        assert!(error.contains("month-1/module-1.1/tcp.md"), "{error}");
    }
}
