import Foundation
import HearthFFI
import UserNotifications

/// Schedules the next reminders as local notifications with neutral text and no preview.
enum Reminders {
    static func reschedule(_ client: HearthClient) async {
        let center = UNUserNotificationCenter.current()
        center.removeAllPendingNotificationRequests()
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
}
