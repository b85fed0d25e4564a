//! Crisis support across the FFI: checking a draft, a journal note or any text for risk
//! language on the phone, and the crisis lines for the person's region. Nothing here touches
//! the network, and nothing here is ever sent anywhere.

use crate::client::HearthClient;
use crate::error::HearthError;

/// What kind of risk a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RiskCategory {
    /// Thoughts of suicide or of not wanting to live, plans, goodbyes.
    Suicide,
    /// Hurting oneself.
    SelfHarm,
    /// Hurting someone else.
    HarmToOthers,
}

/// One finding: its kind and where it is in the text (UTF-8 byte offsets, for highlighting).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RiskFinding {
    /// What it is about.
    pub category: RiskCategory,
    /// Its first byte in the text.
    pub start: u32,
    /// One past its last byte.
    pub end: u32,
}

/// A text checked for risk language: a reason to offer help gently, never a diagnosis.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RiskAssessment {
    /// Whether anything was found (offer the crisis screen).
    pub risk: bool,
    /// What was found, in text order.
    pub findings: Vec<RiskFinding>,
}

/// How a crisis line is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CrisisLineKind {
    /// Call the number.
    Call,
    /// Text the number.
    Text,
    /// Call or text the number.
    CallOrText,
    /// Chat on the web (the contact is the address).
    Chat,
    /// The emergency number.
    Emergency,
}

/// One crisis line, with where its details come from and when they were checked.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CrisisLine {
    /// Its name ("988 Suicide & Crisis Lifeline").
    pub name: String,
    /// How to reach it.
    pub kind: CrisisLineKind,
    /// The number or address.
    pub contact: String,
    /// One sentence to show ("Text HOME to 741741.").
    pub details: String,
    /// Where these details come from.
    pub source: String,
    /// When they were last checked (YYYY-MM-DD).
    pub checked: String,
}

/// The crisis lines for one region, or the fallback for a region the directory lacks.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CrisisResources {
    /// The region asked for (ISO 3166-1 alpha-2, upper case).
    pub region: String,
    /// The region's name, empty when the directory has no entry for it.
    pub region_name: String,
    /// Its lines as the directory lists them (the emergency number last); empty for an
    /// unknown region.
    pub lines: Vec<CrisisLine>,
    /// What to tell the person when there are no lines ("call your local emergency
    /// number"); always present, for showing beside the lines too.
    pub fallback: String,
    /// The directory's version.
    pub directory_version: u32,
}

/// Checks a text for risk language (suicide, self-harm, harm to others) on the phone: a
/// draft before it is sent, a journal note, anything. No network, no storage.
#[uniffi::export]
pub fn assess_risk(text: String) -> RiskAssessment {
    let assessment = hearth_core::safety::assess(&text);
    RiskAssessment {
        risk: assessment.is_risk(),
        findings: assessment
            .findings
            .iter()
            .map(|f| RiskFinding {
                category: match f.category {
                    hearth_core::safety::Category::Suicide => RiskCategory::Suicide,
                    hearth_core::safety::Category::SelfHarm => RiskCategory::SelfHarm,
                    hearth_core::safety::Category::HarmToOthers => RiskCategory::HarmToOthers,
                },
                start: f.range.start as u32,
                end: f.range.end as u32,
            })
            .collect(),
    }
}

#[uniffi::export]
impl HearthClient {
    /// The crisis lines for `region` (ISO 3166-1 alpha-2, e.g. "US", "GB"; "UK" works too)
    /// from the directory in use (the bundled one, or a newer one installed).
    pub async fn crisis_resources(&self, region: String) -> Result<CrisisResources, HearthError> {
        let directory = self.call(|c| c.crisis_directory()).await?;
        Ok(resources_in(&directory, &region))
    }

    /// Installs a newer crisis directory (its JSON), checked first; returns its version.
    /// Refused with `InvalidInput` when malformed or not newer than the one in use.
    pub async fn update_crisis_directory(&self, json: String) -> Result<u32, HearthError> {
        self.call(move |c| c.update_crisis_directory(&json)).await
    }
}

/// The crisis lines for `region` from the directory bundled with the app, with no profile open:
/// what a locked app or one that cannot open its profile shows. Open profiles use
/// `HearthClient.crisis_resources`, which also knows a newer directory installed since.
#[uniffi::export]
pub fn bundled_crisis_resources(region: String) -> CrisisResources {
    resources_in(&hearth_core::safety::CrisisDirectory::bundled(), &region)
}

/// A region's lines from `directory` (the region trimmed and upper-cased; none found: empty).
fn resources_in(directory: &hearth_core::safety::CrisisDirectory, region: &str) -> CrisisResources {
    let wanted = region.trim().to_ascii_uppercase();
    let found = directory.for_region(&wanted);
    CrisisResources {
        region: wanted.clone(),
        region_name: found.map(|r| r.name.clone()).unwrap_or_default(),
        lines: found
            .map(|r| r.lines.iter().map(line).collect())
            .unwrap_or_default(),
        fallback: directory.fallback.clone(),
        directory_version: directory.version,
    }
}

fn line(l: &hearth_core::safety::CrisisLine) -> CrisisLine {
    use hearth_core::safety::LineKind;
    CrisisLine {
        name: l.name.clone(),
        kind: match l.kind {
            LineKind::Call => CrisisLineKind::Call,
            LineKind::Text => CrisisLineKind::Text,
            LineKind::CallOrText => CrisisLineKind::CallOrText,
            LineKind::Chat => CrisisLineKind::Chat,
            LineKind::Emergency => CrisisLineKind::Emergency,
        },
        contact: l.contact.clone(),
        details: l.details.clone(),
        source: l.source.clone(),
        checked: l.checked.clone(),
    }
}
