//! Paths and folder walks, done one way for the whole repository.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Removes `.` and `..` without touching the file system, so that paths compare and print well.
pub fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The entries of `dir`, sorted by name.
pub fn entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

/// Every file under `dir` (recursively, sorted) whose name ends with one of `extensions`
/// (`["md"]`, `["yml", "yaml"]`); all files when `extensions` is empty. Folders named `target`,
/// `node_modules`, `_build` and `deps` (build output of Cargo, npm and Mix), a Mix project's
/// `tmp`, and hidden folders are not entered.
pub fn files_under(dir: &Path, extensions: &[&str]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk(dir, extensions, &mut found)?;
    Ok(found)
}

fn walk(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) -> io::Result<()> {
    for path in entries(dir)? {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            // A Mix project's `tmp/` holds what ExUnit's `@tag :tmp_dir` tests wrote.
            let is_build_output = matches!(name, "target" | "node_modules" | "_build" | "deps")
                || (name == "tmp" && dir.join("mix.exs").is_file());
            if !is_build_output && !name.starts_with('.') {
                walk(&path, extensions, found)?;
            }
        } else if extensions.is_empty()
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// Rewrites a copied file: gets its path relative to the tree and its bytes, returns the new
/// bytes, or `None` to copy it unchanged.
pub type Transform<'a> = &'a dyn Fn(&Path, &[u8]) -> Option<Vec<u8>>;

/// Copies the tree at `from` to `to` (which is created), file by file, leaving out build output
/// as [`files_under`] does. `transform` may rewrite a file's text on the way (it gets the path
/// relative to `from` and returns `None` to copy the bytes unchanged).
pub fn copy_tree(from: &Path, to: &Path, transform: Transform<'_>) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for file in files_under(from, &[])? {
        let relative = file.strip_prefix(from).expect("found under `from`");
        let destination = to.join(relative);
        if let Some(parent) = destination.parent() {
            fs::create_dir_all(parent)?;
        }
        let bytes = fs::read(&file)?;
        let bytes = transform(relative, &bytes).unwrap_or(bytes);
        fs::write(&destination, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dots() {
        assert_eq!(
            normalize(Path::new("/a/src/m/../../listings/./x.rs")),
            PathBuf::from("/a/listings/x.rs")
        );
    }

    #[test]
    fn walks_skip_build_output_and_copies_transform() {
        let dir = std::env::temp_dir().join(format!("layout-paths-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for file in [
            "a/x.md",
            "a/b/y.md",
            "a/b/z.rs",
            "a/target/t.md",
            "a/.git/g.md",
        ] {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "text").unwrap();
        }
        let found = files_under(&dir.join("a"), &["md"]).unwrap();
        assert_eq!(found, vec![dir.join("a/b/y.md"), dir.join("a/x.md")]);
        copy_tree(&dir.join("a"), &dir.join("copy"), &|path, bytes| {
            (path.extension()? == "rs").then(|| [bytes, b"!"].concat())
        })
        .unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("copy/b/z.rs")).unwrap(),
            "text!"
        );
        assert_eq!(fs::read_to_string(dir.join("copy/x.md")).unwrap(), "text");
        assert!(!dir.join("copy/target").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
