//! Safety on the client: checking a text for risk language, and the crisis directory (the
//! bundled one, or a newer one installed since). Nothing here leaves the phone.

use super::Client;
use crate::error::{Error, Result};
use crate::safety::{self, Assessment, CrisisDirectory};
use crate::settings;

impl Client {
    /// Checks a draft, a received message or a journal note for risk language, on the phone.
    /// A finding is a reason to offer crisis resources gently, never a diagnosis.
    pub fn assess_risk(&self, text: &str) -> Assessment {
        safety::assess(text)
    }

    /// The crisis directory in use: one installed with
    /// [`Client::update_crisis_directory`] if it is newer than the bundled one, else the
    /// bundled one.
    pub fn crisis_directory(&self) -> Result<CrisisDirectory> {
        let bundled = CrisisDirectory::bundled();
        let installed = self.store.read(settings::crisis_directory)?;
        Ok(
            match installed.map(|json| CrisisDirectory::from_json(&json)) {
                Some(Ok(newer)) if newer.version > bundled.version => newer,
                // One that no longer reads (or is older than this build's) gives way to the
                // bundled one: the person always sees some help.
                _ => bundled,
            },
        )
    }

    /// Installs a newer crisis directory (its JSON text), checked first. Refused, and nothing
    /// changed, when it is malformed or not newer than the one in use.
    pub fn update_crisis_directory(&self, json: &str) -> Result<u32> {
        let newer = CrisisDirectory::from_json(json)?;
        let current = self.crisis_directory()?;
        if newer.version <= current.version {
            return Err(Error::invalid(
                "crisis directory",
                format!(
                    "version {} is not newer than {}",
                    newer.version, current.version
                ),
            ));
        }
        self.store
            .write(|tx| settings::set_crisis_directory(tx, json))?;
        Ok(newer.version)
    }
}
