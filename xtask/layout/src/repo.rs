//! The repository's layout: where chapters, modules and projects are, and what each one is.
//!
//! - Chapters are the pages `src/SUMMARY.md` lists, numbered as the sidebar numbers them. A
//!   module's pages sit in `src/month-<M>/module-<M.m>/`; its `README.md` is the module page.
//! - Projects are the folders exactly two levels under `listings/`: `listings/module-1.1/<name>/`.
//!   A project is a numbered listing (`listing-1.1.3-02`), an exercise (`exercise-1.1.3-01`) or a
//!   named project (`netscan`). It builds with Cargo (`Cargo.toml`), with Mix (`mix.exs`), or is a
//!   folder of files that another tool checks (a Containerfile, manifests).
//! - A project whose run the book shows keeps the run in `output.txt`, or one file per run in
//!   `outputs/*.txt`.

use crate::ids::{Id, Kind};
use crate::paths;
use crate::summary::{self, Entry};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// Where projects sit, as a glob relative to the root. The root `Cargo.toml` names the same glob
/// as the workspace's members ([`crate::lints`] checks that it does).
pub const PROJECTS_GLOB: &str = "listings/*/*";
/// How many folders below the root a project's folder is: `listings/<module>/<project>`.
const PROJECT_DEPTH: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    Cargo,
    Mix,
    /// No build of its own: files checked by another tool (podman, kubectl, promtool).
    Files,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Listing(Id),
    Exercise(Id),
    /// A project chapter's program or a tool the book uses (`netscan`, `loadgen`).
    Named,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub dir: PathBuf,
    /// The module whose folder holds it: `1.1` for `listings/module-1.1/`.
    pub module: String,
    pub role: Role,
    pub build: Build,
    /// The Cargo package or Mix application name.
    pub package: Option<String>,
    /// The first line of its description (Cargo.toml's `description`).
    pub description: Option<String>,
}

impl Project {
    /// The folder's name.
    pub fn name(&self) -> &str {
        self.dir
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
    }

    pub fn id(&self) -> Option<(Kind, &Id)> {
        match &self.role {
            Role::Listing(id) => Some((Kind::Listing, id)),
            Role::Exercise(id) => Some((Kind::Exercise, id)),
            Role::Named => None,
        }
    }

    /// The recorded runs: `output.txt`, then `outputs/*.txt`.
    pub fn recorded_outputs(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        if self.dir.join("output.txt").is_file() {
            files.push(self.dir.join("output.txt"));
        }
        if let Ok(many) = paths::entries(&self.dir.join("outputs")) {
            files.extend(
                many.into_iter()
                    .filter(|file| file.extension().is_some_and(|e| e == "txt")),
            );
        }
        files
    }

    fn load(dir: PathBuf, module: String) -> io::Result<Project> {
        let name = dir
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_owned();
        let role = match Id::from_folder(&name) {
            Some((Kind::Listing, id)) => Role::Listing(id),
            Some((Kind::Exercise, id)) => Role::Exercise(id),
            None => Role::Named,
        };
        let (build, package, description) = if dir.join("Cargo.toml").is_file() {
            let manifest = fs::read_to_string(dir.join("Cargo.toml"))?;
            let table: toml::Table = manifest.parse().map_err(|error| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {error}", dir.join("Cargo.toml").display()),
                )
            })?;
            let package = table.get("package");
            let field = |key: &str| {
                package
                    .and_then(|package| package.get(key))
                    .and_then(|value| value.as_str())
                    .map(str::to_owned)
            };
            (Build::Cargo, field("name"), field("description"))
        } else if dir.join("mix.exs").is_file() {
            static APP: LazyLock<regex::Regex> =
                LazyLock::new(|| regex::Regex::new(r"\bapp:\s*:(\w+)").expect("valid regex"));
            let mix = fs::read_to_string(dir.join("mix.exs"))?;
            let app = APP.captures(&mix).map(|c| c[1].to_owned());
            (Build::Mix, app, None)
        } else {
            (Build::Files, None, None)
        };
        Ok(Project {
            dir,
            module,
            role,
            build,
            package,
            description,
        })
    }
}

/// The folder of the project that `file` belongs to: the folder at `listings/<module>/<project>/`
/// above it, if there is one and it has a build file.
pub fn project_dir_of(root: &Path, file: &Path) -> Option<PathBuf> {
    let relative = file.strip_prefix(root).ok()?;
    let parts: Vec<Component> = relative.components().collect();
    if parts.len() <= PROJECT_DEPTH || parts[0] != Component::Normal("listings".as_ref()) {
        return None;
    }
    let dir: PathBuf = root.join(parts[..PROJECT_DEPTH].iter().collect::<PathBuf>());
    let builds = ["Cargo.toml", "mix.exs"]
        .iter()
        .any(|file| dir.join(file).is_file());
    builds.then_some(dir)
}

/// `month-1/module-1.1/tcp.md` is in module `1.1`.
pub fn module_of_page(path: &Path) -> Option<String> {
    path.components().find_map(|component| {
        component
            .as_os_str()
            .to_str()?
            .strip_prefix("module-")
            .map(str::to_owned)
    })
}

#[derive(Clone, Debug)]
pub struct Chapter {
    pub entry: Entry,
    /// The chapter's file (absolute).
    pub file: PathBuf,
    /// The module it belongs to, if any.
    pub module: Option<String>,
    /// Whether this is the module's own page (its `README.md`).
    pub is_module_page: bool,
}

#[derive(Clone, Debug)]
pub struct Repo {
    pub root: PathBuf,
    /// The pages of SUMMARY.md, in its order.
    pub chapters: Vec<Chapter>,
    /// The projects under `listings/`, sorted by folder.
    pub projects: Vec<Project>,
}

impl Repo {
    pub fn load(root: &Path) -> io::Result<Repo> {
        let src = root.join("src");
        let summary = fs::read_to_string(src.join("SUMMARY.md"))?;
        let chapters = summary::parse(&summary)
            .into_iter()
            .filter(|entry| !entry.path.as_os_str().is_empty())
            .map(|entry| Chapter {
                file: src.join(&entry.path),
                module: module_of_page(&entry.path),
                is_module_page: module_of_page(&entry.path).is_some()
                    && entry
                        .path
                        .file_name()
                        .is_some_and(|name| name == "README.md"),
                entry,
            })
            .collect();
        let mut projects = Vec::new();
        let listings = root.join("listings");
        if listings.is_dir() {
            for module_dir in paths::entries(&listings)? {
                let Some(module) = module_dir
                    .file_name()
                    .and_then(|name| name.to_str())
                    .and_then(|name| name.strip_prefix("module-"))
                    .map(str::to_owned)
                else {
                    continue;
                };
                for dir in paths::entries(&module_dir)? {
                    if dir.is_dir() {
                        projects.push(Project::load(dir, module.clone())?);
                    }
                }
            }
        }
        Ok(Repo {
            root: root.to_path_buf(),
            chapters,
            projects,
        })
    }

    pub fn src(&self) -> PathBuf {
        self.root.join("src")
    }

    /// The projects that Cargo builds (the workspace's listing members).
    pub fn cargo_projects(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .filter(|project| project.build == Build::Cargo)
    }

    pub fn exercises(&self) -> impl Iterator<Item = (&Id, &Project)> {
        self.projects
            .iter()
            .filter_map(|project| match &project.role {
                Role::Exercise(id) => Some((id, project)),
                _ => None,
            })
    }

    pub fn project(&self, kind: Kind, id: &Id) -> Option<&Project> {
        self.projects
            .iter()
            .find(|project| project.id() == Some((kind, id)))
    }

    pub fn project_of(&self, file: &Path) -> Option<&Project> {
        self.projects
            .iter()
            .filter(|project| file.starts_with(&project.dir))
            .max_by_key(|project| project.dir.as_os_str().len())
    }

    /// The pages of `module` that SUMMARY.md lists under its module page, in order.
    pub fn chapters_of(&self, module: &str) -> Vec<&Chapter> {
        self.chapters
            .iter()
            .filter(|chapter| chapter.module.as_deref() == Some(module) && !chapter.is_module_page)
            .collect()
    }

    pub fn module_pages(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters
            .iter()
            .filter(|chapter| chapter.is_module_page)
    }

    /// The chapter that `file` (under `src/`) is, if SUMMARY.md lists it.
    pub fn chapter(&self, file: &Path) -> Option<&Chapter> {
        self.chapters.iter().find(|chapter| chapter.file == file)
    }

    /// Every Markdown file under `src/`, listed in SUMMARY.md or not (an included fragment, say).
    pub fn markdown_files(&self) -> io::Result<Vec<PathBuf>> {
        paths::files_under(&self.src(), &["md"])
    }

    /// Every recorded output, with the folder its command runs in.
    pub fn recorded_outputs(&self) -> Vec<(&Project, PathBuf)> {
        self.projects
            .iter()
            .flat_map(|project| {
                project
                    .recorded_outputs()
                    .into_iter()
                    .map(move |file| (project, file))
            })
            .collect()
    }

    /// The path of `path` relative to the root, for messages.
    pub fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}
