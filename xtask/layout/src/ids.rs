//! The numbering rule for listings and exercises, in one place.
//!
//! A listing's id is the number of the chapter that shows it, as the book's sidebar numbers it,
//! then a dash and its place among that chapter's listings: Listing 1.1.3-2 is the second
//! listing of chapter 1.1.3 (Module 1.1, chapter 3). Exercises are numbered the same way, apart
//! from the listings. The folder is the kind and the id with the last number in two digits, so
//! that folders sort in reading order (`listings/module-1.1/listing-1.1.3-02/`), and the package
//! name is the folder's name with dots turned into dashes (`listing-1-1-3-02`), since Cargo names
//! cannot hold dots; a Mix application's name, an atom, has underscores (`listing_2_2_3_01`).

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Listing,
    Exercise,
}

impl Kind {
    /// The word the prose uses, and the folder prefix in lower case.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Listing => "Listing",
            Kind::Exercise => "Exercise",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Listing => "listing-",
            Kind::Exercise => "exercise-",
        }
    }
}

/// `1.1.3-2`: a chapter number and a place in that chapter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id {
    /// The chapter's section number, `[1, 1, 3]` for chapter 1.1.3.
    pub chapter: Vec<u32>,
    /// One-based place among the chapter's listings (or exercises).
    pub number: u32,
}

impl Id {
    pub fn new(chapter: &[u32], number: u32) -> Id {
        Id {
            chapter: chapter.to_vec(),
            number,
        }
    }

    /// The module the id belongs to: the first two parts of the chapter number (`1.1`).
    pub fn module(&self) -> String {
        self.chapter
            .iter()
            .take(2)
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }

    pub fn chapter_text(&self) -> String {
        join(&self.chapter)
    }

    /// `listing-1.1.3-02`
    pub fn folder(&self, kind: Kind) -> String {
        format!(
            "{}{}-{:02}",
            kind.prefix(),
            self.chapter_text(),
            self.number
        )
    }

    /// `listing-1-1-3-02`
    pub fn package(&self, kind: Kind) -> String {
        self.folder(kind).replace('.', "-")
    }

    /// `listing_2_2_3_01`: a Mix application's name is an Elixir atom, which cannot hold dashes
    /// either.
    pub fn mix_app(&self, kind: Kind) -> String {
        self.package(kind).replace('-', "_")
    }

    /// Reads a folder name back: `listing-1.1.3-02` is `(Listing, 1.1.3-2)`.
    pub fn from_folder(name: &str) -> Option<(Kind, Id)> {
        [Kind::Listing, Kind::Exercise]
            .into_iter()
            .find_map(|kind| {
                let id: Id = name.strip_prefix(kind.prefix())?.parse().ok()?;
                (id.folder(kind) == name).then_some((kind, id))
            })
    }
}

fn join(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.chapter_text(), self.number)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct BadId(pub String);

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an id: write the chapter's number, a dash and the place in the chapter (1.1.3-2)",
            self.0
        )
    }
}

impl FromStr for Id {
    type Err = BadId;

    /// `1.1.3-2` or `1.1.3-02`; the chapter number has at least two parts.
    fn from_str(text: &str) -> Result<Id, BadId> {
        let bad = || BadId(text.to_owned());
        let (chapter, number) = text.rsplit_once('-').ok_or_else(bad)?;
        let chapter = chapter
            .split('.')
            .map(|part| part.parse::<u32>().map_err(|_| bad()))
            .collect::<Result<Vec<_>, _>>()?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if chapter.len() < 2 || !all_digits(number) {
            return Err(bad());
        }
        let number = number.parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(bad());
        }
        Ok(Id { chapter, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_maps_to_one_folder_and_package_and_back() {
        let id: Id = "1.1.3-2".parse().unwrap();
        assert_eq!(id, Id::new(&[1, 1, 3], 2));
        assert_eq!(id.to_string(), "1.1.3-2");
        assert_eq!(id.module(), "1.1");
        assert_eq!(id.folder(Kind::Listing), "listing-1.1.3-02");
        assert_eq!(id.package(Kind::Exercise), "exercise-1-1-3-02");
        assert_eq!(id.mix_app(Kind::Listing), "listing_1_1_3_02");
        assert_eq!(
            Id::from_folder("listing-1.1.12-10"),
            Some((Kind::Listing, Id::new(&[1, 1, 12], 10)))
        );
        assert_eq!("1.1.3-02".parse::<Id>(), Ok(id));
    }

    #[test]
    fn malformed_ids_and_folders_are_refused() {
        for text in [
            "1-2", "1.1.3", "1.1.3-", "1.1.3-0", "a.1-2", "1.1.3-2a", "1..3-1",
        ] {
            assert!(text.parse::<Id>().is_err(), "{text}");
        }
        // A folder must be written exactly as the rule writes it.
        assert_eq!(Id::from_folder("listing-1.1.3-2"), None);
        assert_eq!(Id::from_folder("netscan"), None);
    }
}
