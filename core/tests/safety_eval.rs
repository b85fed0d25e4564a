//! The English risk rules against the labelled phrases in `core/safety/eval/en.tsv` (written
//! before the rules): recall must stay at 0.9 or above, and the false-positive rate under
//! 0.15. `cargo run -p hearth-core --example safety_eval` prints the figures by kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::safety;

const SET: &str = include_str!("../safety/eval/en.tsv");

fn labelled() -> Vec<(bool, &'static str, &'static str)> {
    SET.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let label = parts.next().unwrap();
            let kind = parts.next().unwrap();
            let text = parts.next().unwrap();
            assert!(label == "risk" || label == "safe", "bad label in {l}");
            (label == "risk", kind, text)
        })
        .collect()
}

#[test]
fn the_labelled_set_is_large_and_varied_enough() {
    let set = labelled();
    assert!(set.len() >= 300);
    for kind in ["plain", "negation", "quotation", "idiom", "slang"] {
        assert!(
            set.iter().filter(|(_, k, _)| *k == kind).count() >= 10,
            "few {kind} phrases"
        );
    }
}

#[test]
fn recall_is_at_least_nine_in_ten_and_false_alarms_stay_rare() {
    let set = labelled();
    let (mut tp, mut fn_, mut fp, mut tn) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    for (risk, _, text) in &set {
        match (risk, safety::assess(text).is_risk()) {
            (true, true) => tp += 1,
            (true, false) => {
                fn_ += 1;
                missed.push(*text);
            }
            (false, true) => fp += 1,
            (false, false) => tn += 1,
        }
    }
    let recall = f64::from(tp) / f64::from(tp + fn_);
    let false_positive_rate = f64::from(fp) / f64::from(fp + tn);
    assert!(recall >= 0.9, "recall {recall:.3}; missed: {missed:#?}");
    assert!(
        false_positive_rate < 0.15,
        "false-positive rate {false_positive_rate:.3}"
    );
}

#[test]
fn negation_quotation_and_idioms_change_the_answer() {
    assert!(safety::assess("I want to kill myself").is_risk());
    assert!(!safety::assess("I would never kill myself").is_risk());
    assert!(safety::assess("I don't want to kill myself but I keep thinking about it").is_risk());
    assert!(safety::assess("I can't stop thinking about killing myself").is_risk());
    assert!(!safety::assess("This workout is killing me").is_risk());
    assert!(!safety::assess("The song \"Suicide Is Painless\" was the theme").is_risk());
    assert!(safety::assess("My friend texted \"I want to kill myself\" and went quiet").is_risk());
    assert!(safety::assess("kms").is_risk());
}

#[test]
fn findings_point_at_the_words_and_name_the_kind() {
    let text = "Rough day. I want to hurt someone and I cut myself.";
    let found = safety::assess(text);
    let kinds: Vec<&str> = found.categories().iter().map(|c| c.as_str()).collect();
    assert_eq!(kinds, ["self_harm", "harm_to_others"]);
    let phrases: Vec<&str> = found
        .findings
        .iter()
        .map(|f| &text[f.range.clone()])
        .collect();
    assert_eq!(phrases, ["hurt someone", "cut myself"]);
}
