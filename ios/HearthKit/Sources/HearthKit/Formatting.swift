import Foundation
import HearthFFI

/// Words and numbers as the screens show them; the same rules as Android's `Formatting`.
public enum Formatting {
    public static let moodWords = ["Very low", "Low", "Okay", "Good", "Very good"]

    /// The word for a mood 1–5 (an out-of-range value reads as its number, never a crash).
    public static func moodLabel(_ mood: Int) -> String {
        (1...5).contains(mood) ? moodWords[mood - 1] : "\(mood)"
    }

    /// A moment as the person's clock showed it when it was recorded (its own offset).
    public static func moment(_ moment: Moment) -> String {
        let formatter = DateFormatter()
        formatter.dateStyle = .medium
        formatter.timeStyle = .short
        formatter.timeZone = TimeZone(secondsFromGMT: Int(moment.offsetSeconds)) ?? .current
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(moment.unixMs) / 1000))
    }

    /// A chat message's time in this phone's zone: "8:05 PM" today, "Mar 5, 8:05 PM" before.
    public static func messageTime(_ unixMs: Int64, now: Date = Date(), calendar: Calendar = .current) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(unixMs) / 1000)
        let formatter = DateFormatter()
        formatter.timeZone = calendar.timeZone
        formatter.timeStyle = .short
        formatter.dateStyle = .none
        let time = formatter.string(from: date)
        if calendar.isDate(date, inSameDayAs: now) { return time }
        formatter.setLocalizedDateFormatFromTemplate("MMMd")
        return formatter.string(from: date) + ", " + time
    }

    /// Hours slept as "7 h 30 min", "8 h" or "45 min".
    public static func sleep(_ hours: Double) -> String {
        let minutes = Int((hours * 60).rounded())
        let (h, m) = (minutes / 60, minutes % 60)
        if h == 0 { return "\(m) min" }
        return m == 0 ? "\(h) h" : "\(h) h \(m) min"
    }

    /// Today's date on this phone's calendar, as the core wants it.
    public static func today(_ calendar: Calendar = .current) -> LocalDate { localDate(Date(), calendar) }

    /// The calendar date of `date` on this phone.
    public static func localDate(_ date: Date, _ calendar: Calendar = .current) -> LocalDate {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: Int16(c.year ?? 1970), month: UInt8(c.month ?? 1), day: UInt8(c.day ?? 1))
    }

    /// The snippet the core marks with `[` `]` around matched words, as styled text.
    public static func snippet(_ marked: String) -> AttributedString {
        var result = AttributedString()
        var rest = Substring(marked)
        while let open = rest.firstIndex(of: "[") {
            result.append(AttributedString(String(rest[..<open])))
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { rest = rest[open...]; break }
            var matched = AttributedString(String(after[..<close]))
            matched.inlinePresentationIntent = .stronglyEmphasized
            result.append(matched)
            rest = after[after.index(after: close)...]
        }
        result.append(AttributedString(String(rest)))
        return result
    }
}
