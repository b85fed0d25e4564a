import Foundation
import HearthFFI
import UserNotifications

/// Schedules the next reminders as local notifications with neutral text and no preview.
enum Reminders {
    /// Check-in reminders, then the goals' (their days can change with any log).
    static func reschedule(_ client: HearthClient) async {
        await rescheduleCheckins(client)
        await rescheduleGoals(client)
    }

    /// Replaces the goal reminders with the next ones the core computes (days still to do).
    /// The text names no goal.
    static func rescheduleGoals(_ client: HearthClient) async {
        let center = UNUserNotificationCenter.current()
        center.removePendingNotificationRequests(withIdentifiers: (0..<10).map { "goal-\($0)" })
        guard (try? await center.requestAuthorization(options: [.alert, .sound])) == true,
              let coming = try? await client.nextGoalReminders(afterMs: nil, count: 10)
        else { return }
        for (i, r) in coming.enumerated() {
            let content = UNMutableNotificationContent()
            content.title = "Hearth"
            content.body = "A small step for today?"
            let date = Date(timeIntervalSince1970: TimeInterval(r.at.unixMs) / 1000)
            let trigger = UNCalendarNotificationTrigger(
                dateMatching: Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date), repeats: false)
            try? await center.add(UNNotificationRequest(identifier: "goal-\(i)", content: content, trigger: trigger))
        }
    }

    static func rescheduleCheckins(_ client: HearthClient) async {
        let center = UNUserNotificationCenter.current()
        center.removePendingNotificationRequests(withIdentifiers: (0..<14).map { "reminder-\($0)" })
        guard (try? await center.requestAuthorization(options: [.alert, .sound])) == true,
              let times = try? await client.nextReminders(afterMs: Int64(Date().timeIntervalSince1970 * 1000), count: 14)
        else { return }
        for (i, moment) in times.enumerated() {
            let content = UNMutableNotificationContent()
            content.title = "Hearth"
            content.body = "A moment to check in?"
            let date = Date(timeIntervalSince1970: TimeInterval(moment.unixMs) / 1000)
            let trigger = UNCalendarNotificationTrigger(
                dateMatching: Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date), repeats: false)
            try? await center.add(UNNotificationRequest(identifier: "reminder-\(i)", content: content, trigger: trigger))
        }
    }

    /// Replaces the circle-meeting reminders with the next ones the core computes (30 minutes
    /// before each meeting of every active circle). The text names no circle.
    static func rescheduleSessions(_ client: HearthClient) async {
        let center = UNUserNotificationCenter.current()
        center.removePendingNotificationRequests(withIdentifiers: (0..<10).map { "session-\($0)" })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        guard (try? await center.requestAuthorization(options: [.alert, .sound])) == true,
              let coming = try? await client.upcomingSessions(afterMs: nil, count: 10)
        else { return }
        for (i, o) in coming.filter({ $0.remindAt.unixMs > now }).enumerated() {
            let content = UNMutableNotificationContent()
            content.title = "Hearth"
            content.body = "Your circle meets soon."
            let date = Date(timeIntervalSince1970: TimeInterval(o.remindAt.unixMs) / 1000)
            let trigger = UNCalendarNotificationTrigger(
                dateMatching: Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date), repeats: false)
            try? await center.add(UNNotificationRequest(identifier: "session-\(i)", content: content, trigger: trigger))
        }
    }
}
