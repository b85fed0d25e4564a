import Charts
import HearthFFI
import HearthKit
import SwiftUI

/// Mood over a chosen range, streaks, weekdays, which activities go with better or worse
/// days, and questionnaire trends; reloads when the journal changes.
struct InsightsView: View {
    let client: HearthClient
    @State private var days = 30
    @State private var insights: Insights?
    @State private var message: String?

    var body: some View {
        List {
            Picker("Range", selection: $days) {
                ForEach([7, 30, 90, 365], id: \.self) { Text("\($0) days").tag($0) }
            }
            .pickerStyle(.segmented)
            if let message { Text(message) }
            if let i = insights {
                if i.byDay.isEmpty {
                    Text("Your insights appear after your first check-ins.")
                } else {
                    Chart(MoodChart(i).points) { point in
                        LineMark(x: .value("Day", point.date), y: .value("Mood", point.mean), series: .value("Run", point.run))
                        PointMark(x: .value("Day", point.date), y: .value("Mood", point.mean))
                    }
                    .chartYScale(domain: 1...5)
                    .frame(height: 180)
                    .accessibilityLabel(MoodChart.accessibilityLabel(i))
                }
                Text("\(i.checkinCount) check-ins · average mood \(mean(i.meanMood))")
                Text("Streak: \(i.streaks.current) days (longest \(i.streaks.longest))")
                Section("By weekday") {
                    ForEach(i.weekdays, id: \.weekday) { w in Text("\(String(describing: w.weekday).capitalized): \(mean(w.mean)) (\(w.count))") }
                }
                Section("Activities") {
                    ForEach(i.tags, id: \.tag) { t in
                        let diff = t.mood.confidence == .notEnoughData ? "" : t.mood.difference.map { String(format: " · %+.1f", $0) } ?? ""
                        Text("\(t.tag)\(diff) · \(t.mood.confidenceText)")
                    }
                }
                Section("Questionnaires") {
                    ForEach(i.instruments, id: \.instrument) { trend in
                        Text("\(String(describing: trend.instrument).uppercased()): \(trend.points.map { String($0.score) }.joined(separator: ", "))")
                    }
                }
            }
        }
        .task(id: days) { await reload(); for await event in hearthEvents(client) where event.touchesJournal { await reload() } }
    }

    private func reload() async {
        let today = Formatting.today()
        let since = Calendar.current.date(byAdding: .day, value: -(days - 1), to: Date()).map { Formatting.localDate($0) }
        do { insights = try await client.insights(request: InsightsRequest(since: since, today: today)) }
        catch { message = ErrorText.of(error) }
    }

    private func mean(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
}
