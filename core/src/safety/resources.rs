//! The crisis resources the safety prompt shows: per region, the lines to call, text or chat,
//! and the emergency number, each with its source and the date it was checked. Bundled as
//! data (`core/safety/resources.json`); a newer directory can replace it without an app
//! release (see `Client::update_crisis_directory`). A region it does not list gets the
//! fallback: call the local emergency number.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const BUNDLED: &str = include_str!("../../safety/resources.json");

/// How a line is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A phone number to call.
    Call,
    /// A number to text.
    Text,
    /// A number to call or text.
    CallOrText,
    /// A chat on the web (the contact is its address).
    Chat,
    /// The emergency number.
    Emergency,
}

/// One crisis line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisLine {
    /// Its name ("988 Suicide & Crisis Lifeline").
    pub name: String,
    /// How to reach it.
    pub kind: LineKind,
    /// The number (as people dial it) or the address.
    pub contact: String,
    /// One sentence to show ("Text HOME to 741741.").
    pub details: String,
    /// Where the entry comes from.
    pub source: String,
    /// When it was last checked (YYYY-MM-DD).
    pub checked: String,
}

/// One region's lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionResources {
    /// ISO 3166-1 alpha-2 code ("US", "GB"); empty for the fallback.
    pub region: String,
    /// The region's name.
    pub name: String,
    /// Its lines, the emergency number last.
    pub lines: Vec<CrisisLine>,
}

/// The whole directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisDirectory {
    /// Raised with every change; a newer one replaces an older one.
    pub version: u32,
    /// How the entries were checked.
    pub checked_how: String,
    /// What to show for a region the directory does not list.
    pub fallback: String,
    /// The regions.
    pub regions: Vec<RegionResources>,
}

impl CrisisDirectory {
    /// The directory bundled with this build.
    pub fn bundled() -> CrisisDirectory {
        // Checked by a test; an empty directory (fallback only) would be a build defect.
        CrisisDirectory::from_json(BUNDLED).unwrap_or_else(|_| CrisisDirectory {
            version: 0,
            checked_how: String::new(),
            fallback: "Call your local emergency number.".into(),
            regions: Vec::new(),
        })
    }

    /// A directory from its JSON text, checked: every region has a two-letter code, a name
    /// and an emergency line; every line has a contact, a source and a checked date.
    pub fn from_json(text: &str) -> Result<CrisisDirectory> {
        let directory: CrisisDirectory = serde_json::from_str(text)
            .map_err(|e| Error::invalid("crisis directory", format!("not a directory: {e}")))?;
        directory.check()?;
        Ok(directory)
    }

    fn check(&self) -> Result<()> {
        let bad = |why: String| Err(Error::invalid("crisis directory", why));
        if self.fallback.trim().is_empty() {
            return bad("the fallback is empty".into());
        }
        for (i, region) in self.regions.iter().enumerate() {
            if region.region.len() != 2 || !region.region.chars().all(|c| c.is_ascii_uppercase()) {
                return bad(format!(
                    "region {} needs a two-letter upper-case code",
                    i + 1
                ));
            }
            if self.regions[..i].iter().any(|r| r.region == region.region) {
                return bad(format!("region {} is listed twice", region.region));
            }
            if !region.lines.iter().any(|l| l.kind == LineKind::Emergency) {
                return bad(format!("region {} has no emergency number", region.region));
            }
            for line in &region.lines {
                if line.name.trim().is_empty()
                    || line.contact.trim().is_empty()
                    || line.source.trim().is_empty()
                {
                    return bad(format!(
                        "a line of {} lacks a name, contact or source",
                        region.region
                    ));
                }
                if !is_date(&line.checked) {
                    return bad(format!(
                        "a line of {} has no YYYY-MM-DD checked date",
                        region.region
                    ));
                }
            }
        }
        Ok(())
    }

    /// The lines for a region (ISO 3166-1 alpha-2, any case; "UK" is "GB"), or the fallback:
    /// no lines, and [`CrisisDirectory::fallback`] to show.
    pub fn for_region(&self, region: &str) -> Option<&RegionResources> {
        let code = region.trim().to_ascii_uppercase();
        let code = if code == "UK" { "GB".to_string() } else { code };
        self.regions.iter().find(|r| r.region == code)
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_directory_has_every_required_line() {
        let d = CrisisDirectory::from_json(BUNDLED).expect("the bundled directory");
        let has = |region: &str, contact: &str, kind: LineKind| {
            d.for_region(region).is_some_and(|r| {
                r.lines
                    .iter()
                    .any(|l| l.contact == contact && l.kind == kind)
            })
        };
        assert!(has("us", "988", LineKind::CallOrText));
        assert!(has("US", "https://988lifeline.org/chat", LineKind::Chat));
        assert!(has("US", "741741", LineKind::Text));
        assert!(has("US", "911", LineKind::Emergency));
        assert!(has("CA", "988", LineKind::CallOrText));
        assert!(has("CA", "911", LineKind::Emergency));
        assert!(has("UK", "116 123", LineKind::Call));
        assert!(has("GB", "85258", LineKind::Text));
        assert!(has("GB", "999", LineKind::Emergency));
        assert!(has("IE", "116 123", LineKind::Call));
        assert!(has("IE", "50808", LineKind::Text));
        assert!(has("IE", "112", LineKind::Emergency));
        assert!(has("AU", "13 11 14", LineKind::Call));
        assert!(has("AU", "000", LineKind::Emergency));
        assert!(has("NZ", "1737", LineKind::CallOrText));
        assert!(has("NZ", "111", LineKind::Emergency));
        assert!(d.for_region("FR").is_none());
        assert!(d.fallback.contains("local emergency number"));
        assert!(d
            .for_region("IE")
            .is_some_and(|r| r.lines.iter().any(|l| l.details.contains("999"))));
    }

    #[test]
    fn a_damaged_update_is_refused_with_a_reason() {
        let good: serde_json::Value = serde_json::from_str(BUNDLED).expect("json");
        let mut no_emergency = good.clone();
        no_emergency["regions"][0]["lines"]
            .as_array_mut()
            .expect("lines")
            .retain(|l| l["kind"] != "emergency");
        let mut bad_date = good.clone();
        bad_date["regions"][1]["lines"][0]["checked"] = "last week".into();
        let mut twice = good.clone();
        let first = twice["regions"][0].clone();
        twice["regions"]
            .as_array_mut()
            .expect("regions")
            .push(first);
        for broken in [no_emergency, bad_date, twice] {
            let err = CrisisDirectory::from_json(&broken.to_string()).expect_err("refused");
            assert!(matches!(
                err,
                Error::InvalidInput {
                    field: "crisis directory",
                    ..
                }
            ));
        }
        assert!(CrisisDirectory::from_json("[]").is_err());
    }
}
