//! How the CLI prints records and insights.

use hearth_core::insights::{Insights, PeriodMood};
use hearth_core::instruments::{SurveyOutcome, SurveyResult};
use hearth_core::journal::{Checkin, Entry, SearchHit, SearchHitKind};
use hearth_core::{DeviceIdentity, RelayAccount};

pub fn identity(id: &DeviceIdentity) {
    println!("name:        {}", id.display_name);
    println!("fingerprint: {}", id.fingerprint);
    println!("created:     {}", id.created_at);
}

/// Where this profile syncs, and its device id there (what a facilitator adds).
pub fn relay_account(account: Option<&RelayAccount>) {
    match account {
        None => println!("relay:       none (hearth register --relay URL)"),
        Some(a) => {
            println!("relay:       {}", a.url);
            match &a.device_id {
                Some(id) => println!("device id:   {id}"),
                None => println!("device id:   not registered yet (hearth sync)"),
            }
        }
    }
}

pub fn checkin_line(c: &Checkin) {
    let mut extras = Vec::new();
    if let Some(e) = c.energy {
        extras.push(format!("energy {e}"));
    }
    if let Some(s) = c.sleep_hours {
        extras.push(format!("sleep {s}h"));
    }
    if !c.emotions.is_empty() {
        extras.push(c.emotions.join(", "));
    }
    if !c.tags.is_empty() {
        extras.push(format!("#{}", c.tags.join(" #")));
    }
    println!(
        "{}  {}  mood {} {}  {}",
        &c.id[..8],
        c.at,
        c.mood,
        mood_face(c.mood),
        extras.join(" · ")
    );
}

pub fn checkin(c: &Checkin) {
    println!("id:       {}", c.id);
    println!("at:       {}", c.at);
    println!("mood:     {} {}", c.mood, mood_face(c.mood));
    if let Some(e) = c.energy {
        println!("energy:   {e}");
    }
    if !c.emotions.is_empty() {
        println!("emotions: {}", c.emotions.join(", "));
    }
    if !c.tags.is_empty() {
        println!("tags:     {}", c.tags.join(", "));
    }
    if let Some(s) = c.sleep_hours {
        println!("sleep:    {s} h");
    }
    if let Some(n) = &c.note {
        println!("note:     {n}");
    }
}

pub fn entry_line(e: &Entry) {
    let first: String = e
        .body
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    println!("{}  {}  {}", &e.id[..8], e.at, first);
}

pub fn entry(e: &Entry) {
    println!("id:      {}", e.id);
    println!("at:      {}", e.at);
    if let Some(p) = &e.prompt {
        println!("prompt:  {p}");
    }
    if let Some(c) = &e.checkin_id {
        println!("checkin: {c}");
    }
    println!();
    println!("{}", e.body);
}

pub fn search_hit(h: &SearchHit) {
    let kind = match h.kind {
        SearchHitKind::Checkin => "check-in",
        SearchHitKind::Entry => "entry",
    };
    println!(
        "{}  {:8}  {}  {}",
        &h.id[..8],
        kind,
        h.at.local_date(),
        h.snippet
    );
}

pub fn mood_face(mood: u8) -> &'static str {
    match mood {
        1 => "(awful)",
        2 => "(low)",
        3 => "(okay)",
        4 => "(good)",
        _ => "(great)",
    }
}

fn bar(mean: f64) -> String {
    // 1.0 → 0 blocks, 5.0 → 20 blocks.
    let filled = ((mean - 1.0) * 5.0).round().clamp(0.0, 20.0) as usize;
    format!("{}{}", "█".repeat(filled), "·".repeat(20 - filled))
}

fn chart(title: &str, periods: &[PeriodMood], label: impl Fn(&PeriodMood) -> String) {
    println!("{title}");
    for p in periods {
        println!(
            "  {:<10} {} {:.1}  (n={})",
            label(p),
            bar(p.mean),
            p.mean,
            p.count
        );
    }
}

pub fn insights(i: &Insights) {
    let from = i
        .from
        .map(|d| d.to_string())
        .unwrap_or_else(|| "the start".into());
    println!("Insights from {from} to {}", i.to);
    let Some(mean) = i.mean_mood else {
        println!("No check-ins in this range yet.");
        println!(
            "Streak: {} days (longest {})",
            i.streaks.current, i.streaks.longest
        );
        return;
    };
    println!("{} check-ins, mean mood {mean:.2}", i.checkin_count);
    println!(
        "Streak: {} days now, longest {}{}",
        i.streaks.current,
        i.streaks.longest,
        i.streaks
            .longest_ended
            .map(|d| format!(" (ended {d})"))
            .unwrap_or_default()
    );
    println!();
    if i.by_day.len() <= 31 {
        chart("Mood by day", &i.by_day, |p| p.start.to_string());
    } else {
        chart("Mood by week (starting Monday)", &i.by_week, |p| {
            p.start.to_string()
        });
    }
    println!();
    chart("Mood by month", &i.by_month, |p| {
        p.start.strftime("%Y-%m").to_string()
    });
    println!();
    println!("Distribution");
    for d in &i.distribution {
        println!(
            "  {} {:<8} {:>4}  {:>3.0}%",
            d.mood,
            mood_face(d.mood),
            d.count,
            d.share * 100.0
        );
    }
    println!();
    println!("By weekday");
    for w in &i.weekdays {
        match w.mean {
            Some(m) => println!(
                "  {:<9} {} {m:.1}  (n={})",
                format!("{:?}", w.weekday),
                bar(m),
                w.count
            ),
            None => println!("  {:<9} —", format!("{:?}", w.weekday)),
        }
    }
    if !i.tags.is_empty() {
        println!();
        println!("Activities and tags (mood with vs without)");
        for t in &i.tags {
            println!("{}", comparison_line(&t.tag, &t.mood));
        }
    }
    if !i.goals.is_empty() {
        println!();
        println!("Goals (mood on days done vs the other days they asked for)");
        for g in &i.goals {
            println!("{}", comparison_line(&g.title, &g.mood));
        }
    }
    for trend in &i.instruments {
        println!();
        let scores: Vec<String> = trend.points.iter().map(|p| p.score.to_string()).collect();
        println!(
            "{}: {} (change {:+})",
            trend.instrument.name(),
            scores.join(" → "),
            trend.change
        );
    }
}

pub fn survey_result(r: &SurveyResult) {
    println!(
        "{}  {}: {} of {} — {}",
        r.at.local_date(),
        r.instrument.name(),
        r.score,
        r.max_score,
        r.band
    );
}

pub fn survey_outcome(outcome: &SurveyOutcome) {
    survey_result(outcome.result());
    if let SurveyOutcome::SafetyConcern { concern, .. } = outcome {
        println!();
        println!("{}", concern.guidance());
    }
}

/// One line of "mood with vs without": the means, the difference, n on each side and the
/// confidence in words.
pub fn comparison_line(name: &str, c: &hearth_core::insights::MoodComparison) -> String {
    let fmt = |m: Option<f64>| m.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into());
    let diff = c
        .difference
        .map(|d| format!("{d:+.2}"))
        .unwrap_or_else(|| "—".into());
    format!(
        "  {:<14} {} vs {}  {diff:>6}  n={}/{}  {}",
        name,
        fmt(c.mean_with),
        fmt(c.mean_without),
        c.count_with,
        c.count_without,
        c.confidence.describe()
    )
}

/// `1 row`, `2 rows`.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}
