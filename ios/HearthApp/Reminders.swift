import Foundation
import HearthFFI
import UserNotifications

/// Schedules the next reminders as local notifications with neutral text and no preview.
/// The core computes every time; the text names no circle and no goal.
enum Reminders {
    /// Check-in reminders, then the goals' (their days can change with any log).
    static func reschedule(_ client: HearthClient) async {
        await rescheduleCheckins(client)
        await rescheduleGoals(client)
    }

    static func rescheduleCheckins(_ client: HearthClient) async {
        let times = try? await client.nextReminders(afterMs: Int64(Date().timeIntervalSince1970 * 1000), count: 14)
        await replace(prefix: "reminder", slots: 14, body: "A moment to check in?", at: (times ?? []).map(\.unixMs))
    }

    /// Replaces the goal reminders with the next ones the core computes (days still to do).
    static func rescheduleGoals(_ client: HearthClient) async {
        let coming = try? await client.nextGoalReminders(afterMs: nil, count: 10)
        await replace(prefix: "goal", slots: 10, body: "A small step for today?", at: (coming ?? []).map(\.at.unixMs))
    }

    /// Replaces the circle-meeting reminders with the next ones the core computes (30 minutes
    /// before each meeting of every active circle).
    static func rescheduleSessions(_ client: HearthClient) async {
        let coming = try? await client.upcomingSessions(afterMs: nil, count: 10)
        await replace(prefix: "session", slots: 10, body: "Your circle meets soon.", at: (coming ?? []).map(\.remindAt.unixMs))
    }

    /// Removes the `slots` notifications named `prefix-N` and schedules one at each future time.
    private static func replace(prefix: String, slots: Int, body: String, at times: [Int64]) async {
        let center = UNUserNotificationCenter.current()
        center.removePendingNotificationRequests(withIdentifiers: (0..<slots).map { "\(prefix)-\($0)" })
        guard (try? await center.requestAuthorization(options: [.alert, .sound])) == true else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for (i, unixMs) in times.filter({ $0 > now }).prefix(slots).enumerated() {
            let content = UNMutableNotificationContent()
            content.title = "Hearth"
            content.body = body
            let date = Date(timeIntervalSince1970: TimeInterval(unixMs) / 1000)
            let trigger = UNCalendarNotificationTrigger(
                dateMatching: Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date), repeats: false)
            try? await center.add(UNNotificationRequest(identifier: "\(prefix)-\(i)", content: content, trigger: trigger))
        }
    }
}
