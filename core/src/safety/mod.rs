//! Safety: on-device detection of risk language (suicide, self-harm, harm to others) and the
//! bundled directory of crisis resources it leads to. Nothing here touches the network or the
//! profile: a prompt is shown on the phone, and only the person decides whether anyone else
//! hears of it.
//!
//! - `text`: normalising text into tokens (contractions, slang, quotation marks);
//! - `pack`: a language's rules as data (`core/safety/<language>.json`);
//! - `detect`: matching a pack against a text, with negation, quotation and idioms;
//! - `resources`: crisis lines per region, as data with their sources.

mod detect;
mod pack;
pub mod resources;
pub(crate) mod text;

pub use detect::{Assessment, Finding};
pub use pack::{Category, RulePack};
pub use resources::{CrisisDirectory, CrisisLine, LineKind, RegionResources};

/// Assesses `text` with the bundled English pack.
pub fn assess(text: &str) -> Assessment {
    RulePack::bundled("en").assess(text)
}
