import HearthFFI
import HearthKit
import SwiftUI
import UIKit
import UserNotifications

/// Wake-ups on iOS: APNs gives this phone a token, which the settings register with a push
/// gateway; a background push (content-free) opens the journal if Hearth is closed, syncs
/// once, and shows the notification the core decides (no circle named unless chosen,
/// nothing in quiet hours), with no preview on the lock screen.
final class WakeDelegate: NSObject, UIApplicationDelegate {
    /// The token APNs gave, awaited by `Wakes.token()`.
    private static var waiting: CheckedContinuation<String, Error>?

    func application(_ application: UIApplication, didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data) {
        let hex = deviceToken.map { String(format: "%02x", $0) }.joined()
        Self.waiting?.resume(returning: hex)
        Self.waiting = nil
        // A token can change (restored phone, reinstall): the gateway keeps the registration.
        Task { await Wakes.renew(token: hex) }
    }

    func application(_ application: UIApplication, didFailToRegisterForRemoteNotificationsWithError error: Error) {
        Self.waiting?.resume(throwing: error)
        Self.waiting = nil
    }

    func application(_ application: UIApplication, didReceiveRemoteNotification userInfo: [AnyHashable: Any],
                     fetchCompletionHandler completionHandler: @escaping (UIBackgroundFetchResult) -> Void) {
        Task {
            let result = await Wakes.handle()
            completionHandler(result)
        }
    }

    /// Asks APNs for this phone's token.
    @MainActor
    static func token() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            waiting = continuation
            UIApplication.shared.registerForRemoteNotifications()
        }
    }
}

enum Wakes {
    static let gate = ProfileGate.app

    /// A wake: sync once, then show what the core says to.
    static func handle() async -> UIBackgroundFetchResult {
        guard case .ready(let client) = await gate.launch() else {
            await show("Hearth may have new messages. Open it to see.")
            return .newData
        }
        defer { Task { try? await client.closeProfile() } }
        do {
            try await client.relaySync().syncOnce()
            if let notice = try await client.noticeAfterWake() {
                await show(notice.text)
                return .newData
            }
            return .noData
        } catch {
            return .failed
        }
    }

    static func renew(token: String) async {
        guard case .ready(let client) = await gate.launch() else { return }
        try? await client.renewPushTarget(target: .apns(token: token))
        try? await client.closeProfile()
    }

    private static func show(_ text: String) async {
        let content = UNMutableNotificationContent()
        content.title = "Hearth"
        content.body = text
        try? await UNUserNotificationCenter.current().add(UNNotificationRequest(identifier: "wake", content: content, trigger: nil))
    }
}

/// The wake-up settings: the gateway, naming circles, quiet hours.
struct WakesSection: View {
    let client: HearthClient
    @State private var gateway: String?
    @State private var address = ""
    @State private var nameCircles = false
    @State private var quiet = false
    @State private var from = Calendar.current.date(from: DateComponents(hour: 22)) ?? Date()
    @State private var until = Calendar.current.date(from: DateComponents(hour: 7)) ?? Date()
    @State private var message: String?

    var body: some View {
        Section {
            if let gateway {
                Text("On, through \(gateway) and Apple Push Notifications.")
                Button("Turn off wake-ups") { attempt { try await client.unregisterWakes(); self.gateway = nil; return "Wake-ups off." } }
            } else {
                TextField("Push gateway address", text: $address).textInputAutocapitalization(.never).keyboardType(.URL)
                Button("Turn on wake-ups") {
                    attempt {
                        let token = try await WakeDelegate.token()
                        try await client.registerForWakes(gateway: address.trimmingCharacters(in: .whitespaces), target: .apns(token: token))
                        self.gateway = try await client.wakeGateway()
                        return "Wake-ups on."
                    }
                }.disabled(address.trimmingCharacters(in: .whitespaces).isEmpty)
            }
            Toggle("Name the circle in notifications", isOn: $nameCircles)
            Toggle("Quiet hours", isOn: $quiet)
            DatePicker("From", selection: $from, displayedComponents: .hourAndMinute)
            DatePicker("Until", selection: $until, displayedComponents: .hourAndMinute)
            Button("Save notification settings") { attempt { try await save(); return "Saved." } }
            if let message { Text(message).font(.caption) }
        } header: { Text("Wake-ups") } footer: {
            Text("When Hearth is closed, a push gateway can wake this phone for new messages. A wake carries nothing: no circle, sender or text.")
        }
        .task {
            gateway = try? await client.wakeGateway()
            if let s = try? await client.notificationSettings() {
                nameCircles = s.nameCircles
                quiet = s.quietHours != nil
            }
        }
    }

    private func save() async throws {
        func time(_ d: Date) -> TimeOfDay {
            let c = Calendar.current.dateComponents([.hour, .minute], from: d)
            return TimeOfDay(hour: UInt8(c.hour ?? 0), minute: UInt8(c.minute ?? 0))
        }
        let hours = quiet ? QuietHours(start: time(from), end: time(until), timeZone: TimeZone.current.identifier) : nil
        _ = try await client.setNotificationSettings(settings: NotificationSettings(nameCircles: nameCircles, quietHours: hours))
    }

    private func attempt(_ work: @escaping () async throws -> String) {
        Task { do { message = try await work() } catch { message = ErrorText.of(error) } }
    }
}

/// One circle's "wake this phone here", in its members sheet.
struct CircleWakeToggle: View {
    let client: HearthClient
    let circleId: String
    @State private var on = true

    var body: some View {
        Toggle("Wake this phone for new messages here", isOn: Binding(get: { on }, set: { value in
            on = value
            Task { try? await client.setCircleWakes(circleId: circleId, on: value) }
        }))
        .task { on = (try? await client.circleWakes(circleId: circleId)) ?? true }
    }
}
