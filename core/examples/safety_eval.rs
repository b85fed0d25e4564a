//! Prints how the English risk rules do on the labelled set (`core/safety/eval/en.tsv`):
//! recall and false-positive rate overall and by kind of phrase, and every miss and false
//! alarm. Run: `cargo run -p hearth-core --example safety_eval`.

use std::collections::BTreeMap;

use hearth_core::safety;

const SET: &str = include_str!("../safety/eval/en.tsv");

fn main() {
    let mut by_kind: BTreeMap<&str, [u32; 4]> = BTreeMap::new(); // tp, fn, fp, tn
    let mut wrong = Vec::new();
    for line in SET
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.splitn(3, '\t');
        let (Some(label), Some(kind), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            eprintln!("skipping a malformed line: {line}");
            continue;
        };
        let risk = label == "risk";
        let found = safety::assess(text).is_risk();
        let cell = match (risk, found) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        for key in ["all", kind] {
            by_kind.entry(key).or_default()[cell] += 1;
        }
        if risk != found {
            wrong.push(format!(
                "{} {kind:9} {text}",
                if risk { "missed     " } else { "false alarm" }
            ));
        }
    }
    println!(
        "{:10} {:>7} {:>7} {:>9} {:>9}",
        "kind", "risk", "safe", "recall", "FP rate"
    );
    for (kind, [tp, fn_, fp, tn]) in &by_kind {
        let rate = |a: u32, b: u32| {
            if a + b == 0 {
                "-".to_string()
            } else {
                format!("{:.3}", f64::from(a) / f64::from(a + b))
            }
        };
        println!(
            "{kind:10} {:>7} {:>7} {:>9} {:>9}",
            tp + fn_,
            fp + tn,
            rate(*tp, *fn_),
            rate(*fp, *tn)
        );
    }
    for w in wrong {
        println!("{w}");
    }
}
