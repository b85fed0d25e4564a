import Foundation
import HearthFFI

/// What screens say about reports, shared check-in cards and meetings. Mirrors Android's
/// `SafetyText` (android/shared), which the JVM tests cover.
public enum SafetyText {
    /// The most characters a report's comment may have.
    public static let commentMax = 500
    /// What the reporter sees once a report went.
    public static let sentNotice = "Sent to the circle's facilitators. Only they can read it; nobody else can tell."

    /// A report's lines on a facilitator's screen: who and why, then this phone's own copy.
    public static func report(_ r: CircleReport) -> [String] {
        let who = r.reporterName ?? "A member"
        var lines = [r.reason == .supportRequest ? "\(who) would like support" : "\(reportReasonLabel(reason: r.reason)) — reported by \(who)"]
        if r.messageId != nil {
            if let copy = r.message {
                lines.append("\(copy.senderName ?? "Someone"): “\(copy.body)”")
            } else {
                lines.append("The message is no longer on this phone (deleted or disappeared).")
            }
        }
        if !r.comment.isEmpty { lines.append("“\(r.comment)”") }
        return lines
    }

    /// A shared check-in card's lines: the mood, then each part that was shared.
    public static func card(_ c: CheckinCard) -> [String] {
        var lines = ["Mood \(c.mood)/5 · \(c.day)"]
        if let e = c.energy { lines.append("Energy \(e)/5") }
        if !c.emotions.isEmpty { lines.append("Feeling \(c.emotions.joined(separator: ", "))") }
        if !c.tags.isEmpty { lines.append(c.tags.map { "#\($0)" }.joined(separator: " ")) }
        if let m = c.sleepMinutes { lines.append("Slept \(m / 60)h\(String(format: "%02d", m % 60))") }
        if let note = c.note { lines.append(note) }
        return lines
    }

    /// What the share sheet says will be shared.
    public static func sharing(_ choice: ShareChoice) -> String {
        var parts = ["your mood"]
        if choice.energy { parts.append("energy") }
        if choice.emotions { parts.append("emotions") }
        if choice.tags { parts.append("tags") }
        if choice.sleep { parts.append("sleep") }
        if choice.note { parts.append("your note") }
        let shared = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return "The circle will see \(shared)." + (choice.note ? "" : " Your note stays private.")
    }

    /// A coming meeting as a row, in the phone's own time zone.
    public static func session(_ o: SessionOccurrence, timeZone: TimeZone = .current) -> String {
        let start = Date(timeIntervalSince1970: TimeInterval(o.startsAt.unixMs) / 1000)
        let end = Date(timeIntervalSince1970: TimeInterval(o.endsAt.unixMs) / 1000)
        let day = DateFormatter()
        day.timeZone = timeZone
        day.dateFormat = "EEE d MMM, HH:mm"
        let time = DateFormatter()
        time.timeZone = timeZone
        time.dateFormat = "HH:mm"
        return "\(o.title) · \(day.string(from: start))–\(time.string(from: end)) · \(o.circleName)"
    }
}
