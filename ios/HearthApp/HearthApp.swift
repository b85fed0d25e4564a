import HearthFFI
import HearthKit
import SwiftUI

/// The app: opens the journal, locks it, hides it from the app switcher, offers a quick exit,
/// and takes invite links.
@main
struct HearthApp: App {
    @UIApplicationDelegateAdaptor(WakeDelegate.self) private var wakes
    @StateObject private var model = AppModel()
    @StateObject private var lock = AppLock()
    @StateObject private var circleSync = CircleSync()
    @Environment(\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup {
            ZStack {
                RootView(model: model, lock: lock)
                    .environmentObject(circleSync)
                // Covers the journal whenever the app is not active, so the app switcher's
                // snapshot shows nothing.
                if phase != .active { Color(.systemBackground).overlay(Text("Hearth")).ignoresSafeArea() }
            }
            .task { await model.start() }
            // Invite links (hearth://join#CODE) from a scanned QR code or a shared message.
            .onOpenURL { url in
                if url.scheme == "hearth" && url.host == "join" { model.joinLink = url.absoluteString }
            }
        }
        .onChange(of: phase) { newPhase in
            switch newPhase {
            case .background:
                lock.didEnterBackground()
                circleSync.stop() // circles sync only while Hearth is open and unlocked
            case .active:
                lock.willEnterForeground()
            default: break
            }
        }
    }
}

@MainActor
final class AppModel: ObservableObject {
    enum State { case starting, gate(Launch), open(HearthClient) }
    @Published var state: State = .starting
    @Published var error: String?
    /// An invite link the app was opened with, until the circles tab takes it.
    @Published var joinLink: String?
    let gate = ProfileGate.app

    func start() async {
        switch await gate.launch() {
        case .ready(let client): open(client)
        case let other: state = .gate(other)
        }
    }

    func onboard(name: String) async {
        do { open(try await gate.onboard(name: name)) } catch { self.error = "Hearth could not create your journal." }
    }

    func startOver() async { gate.startOver(); await start() }

    private func open(_ client: HearthClient) {
        state = .open(client)
        Task { await Reminders.reschedule(client) }
        Task {
            for await event in hearthEvents(client) {
                if case .remindersChanged = event { await Reminders.reschedule(client) }
            }
        }
    }
}

struct RootView: View {
    @ObservedObject var model: AppModel
    @ObservedObject var lock: AppLock
    @EnvironmentObject var circleSync: CircleSync
    @State private var name = ""
    @State private var confirmStartOver = false

    var body: some View {
        switch model.state {
        case .starting:
            ProgressView("Opening your journal…")
        case .gate(.needsOnboarding):
            Form {
                Text("Your journal stays on this phone, encrypted. No account, no passphrase to remember.")
                TextField("What should we call you?", text: $name)
                Button("Start") { Task { await model.onboard(name: name) } }.disabled(name.trimmingCharacters(in: .whitespaces).isEmpty)
                if let error = model.error { Text(error).foregroundStyle(.red) }
            }
        case .gate(.keyUnavailable):
            VStack(spacing: 16) {
                Text("Hearth can't open your journal").font(.title2)
                Text("The key on this phone cannot unlock it. Your journal has not been changed or replaced.")
                Button("Try again") { Task { await model.start() } }
                Button("Start over with an empty journal", role: .destructive) { confirmStartOver = true }
            }
            .padding()
            .confirmationDialog("Delete the journal on this phone?", isPresented: $confirmStartOver) {
                Button("Delete and start over", role: .destructive) { Task { await model.startOver() } }
            }
        case .gate:
            Text("Your journal needs attention: update Hearth or restore a backup.").padding()
        case .open(let client):
            if lock.isLocked {
                VStack(spacing: 16) {
                    Text("Hearth is locked").font(.title2)
                    Button("Unlock") { Task { await lock.unlock() } }
                }
                .task { circleSync.stop(); await lock.unlock() }
            } else {
                MainTabs(client: client, quickExit: { lock.lockNow() }, joinLink: $model.joinLink)
                    .task { await circleSync.start(client) }
                    .task { await circleSync.follow(client) }
            }
        }
    }
}

extension ProfileGate {
    /// The app's profile, in Application Support: what the app and a background wake open.
    static let app = ProfileGate(directory: FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        .appendingPathComponent("profile"))
}
