//! `hearth safety check` and `hearth resources`: the on-device risk check and the bundled
//! crisis directory, without a profile.

use std::process::ExitCode;

use hearth_core::safety::{self, CrisisDirectory, LineKind, RegionResources};

/// Prints `risk` or `no risk`, then each finding's kind and words.
pub fn check(text: &str) {
    let found = safety::assess(text);
    println!("{}", if found.is_risk() { "risk" } else { "no risk" });
    for finding in &found.findings {
        let words = text.get(finding.range.clone()).unwrap_or_default();
        println!("{:15} \"{words}\"", finding.category.as_str());
    }
    if found.is_risk() {
        println!();
        println!(
            "If you are thinking about harming yourself or someone else, you deserve support now."
        );
        println!("`hearth resources --region CC` lists crisis lines for your region.");
    }
}

/// Prints the crisis lines for one region (or every region), or the fallback.
pub fn resources(region: Option<&str>) -> ExitCode {
    let directory = CrisisDirectory::bundled();
    match region {
        Some(code) => match directory.for_region(code) {
            Some(r) => print_region(r),
            None => {
                println!("No lines listed for {}.", code.trim().to_ascii_uppercase());
                println!("{}", directory.fallback);
            }
        },
        None => {
            for r in &directory.regions {
                print_region(r);
                println!();
            }
            println!("Anywhere else: {}", directory.fallback);
        }
    }
    ExitCode::SUCCESS
}

fn print_region(r: &RegionResources) {
    println!("{} ({})", r.name, r.region);
    for line in &r.lines {
        let how = match line.kind {
            LineKind::Call => "call",
            LineKind::Text => "text",
            LineKind::CallOrText => "call or text",
            LineKind::Chat => "chat",
            LineKind::Emergency => "emergency",
        };
        println!("  {:32} {:12} {}", line.name, how, line.details);
        println!(
            "  {:32} source {} (checked {})",
            "", line.source, line.checked
        );
    }
}
