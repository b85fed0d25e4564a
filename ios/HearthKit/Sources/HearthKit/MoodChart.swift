import Foundation
import HearthFFI

/// The mood chart, ready for Swift Charts: one point per day with check-ins, each with the run
/// it belongs to, so a day without check-ins breaks the line instead of bridging it. The same
/// rules as Android's `MoodChart`.
public struct MoodChart {
    public struct Point: Identifiable {
        public let date: Date
        public let mean: Double
        /// Consecutive days share a run; draw each run as its own line series.
        public let run: Int
        public var id: Date { date }
    }

    public let points: [Point]

    public init(_ insights: Insights, calendar: Calendar = .current) {
        var points: [Point] = []
        var run = 0
        var previous: Date?
        for day in insights.byDay {
            guard let date = calendar.date(from: DateComponents(year: Int(day.start.year), month: Int(day.start.month), day: Int(day.start.day)))
            else { continue }
            if let previous, calendar.dateComponents([.day], from: previous, to: date).day != 1 { run += 1 }
            points.append(Point(date: date, mean: day.mean, run: run))
            previous = date
        }
        self.points = points
    }

    /// What a screen reader says for the chart.
    public static func accessibilityLabel(_ insights: Insights) -> String {
        guard insights.checkinCount > 0, let mean = insights.meanMood else { return "Mood chart: no check-ins in this period" }
        return "Mood chart: \(insights.checkinCount) check-ins, average mood \(String(format: "%.1f", mean)) of 5"
    }
}
