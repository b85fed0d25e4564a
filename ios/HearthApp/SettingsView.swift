import HearthFFI
import HearthKit
import SwiftUI
import UniformTypeIdentifiers

/// Reminders, the encrypted backup (save and restore), the plain JSON and CSV exports, and wake-ups.
struct SettingsView: View {
    let client: HearthClient
    @State private var remindersOn = false
    @State private var time = Calendar.current.date(from: DateComponents(hour: 20)) ?? Date()
    @State private var passphrase = ""
    @State private var export: ExportFile?
    @State private var restoring = false
    @State private var message: String?

    var body: some View {
        Form {
            Section {
                Toggle("Daily reminder", isOn: $remindersOn)
                DatePicker("Time", selection: $time, displayedComponents: .hourAndMinute)
                Button("Save reminders") { Task { await saveReminders() } }
            } header: { Text("Reminders") } footer: {
                Text("Notifications only say \"A moment to check in?\" and show no preview.")
            }
            Section {
                SecureField("Backup passphrase (8+ characters)", text: $passphrase)
                Button("Save encrypted backup") {
                    attempt { export = ExportFile(data: try await client.exportBackup(passphrase: passphrase), type: .data, name: "hearth-backup.hearthbk"); return nil }
                }.disabled(passphrase.count < 8)
                Button("Restore a backup") { restoring = true }.disabled(passphrase.isEmpty)
            } header: { Text("Encrypted backup") } footer: {
                Text("Restoring adds what the backup has and keeps what is here; the newer edit of an entry wins.")
            }
            Section {
                Button("Export as JSON") {
                    attempt { export = ExportFile(data: Data(try await client.exportJson().utf8), type: .json, name: "hearth-journal.json"); return nil }
                }
                Button("Export check-ins as CSV") {
                    attempt { export = ExportFile(data: try await client.exportCsv(), type: .commaSeparatedText, name: "hearth-checkins.csv"); return nil }
                }
            } header: { Text("Export") } footer: { Text("These files are not encrypted. Anyone who opens them can read your journal.") }
            WakesSection(client: client)
            if let message { Text(message) }
        }
        .fileExporter(isPresented: Binding(get: { export != nil }, set: { if !$0 { export = nil } }),
                      document: export, contentType: export?.type ?? .data, defaultFilename: export?.name) { result in
            if case .success = result { message = "Saved." }
        }
        .fileImporter(isPresented: $restoring, allowedContentTypes: [.data]) { result in
            guard case .success(let url) = result else { return }
            attempt { try await restore(from: url) }
        }
        .task { remindersOn = (try? await client.reminderSettings())?.enabled ?? false }
    }

    /// Runs `work` and shows what it says, or a kind message for its error.
    private func attempt(_ work: @escaping () async throws -> String?) {
        Task {
            do { if let said = try await work() { message = said } } catch { message = ErrorText.of(error) }
        }
    }

    private func restore(from url: URL) async throws -> String {
        // A file picked outside the sandbox is readable only inside this scope.
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        let file = try Data(contentsOf: url)
        let s = try await client.importBackup(file: file, passphrase: passphrase)
        return "Restored \(s.checkinsAdded) check-ins, \(s.entriesAdded) entries, \(s.surveysAdded) questionnaires."
    }

    private func saveReminders() async {
        let c = Calendar.current.dateComponents([.hour, .minute], from: time)
        let settings = ReminderSettings(enabled: remindersOn, timeZone: TimeZone.current.identifier,
                                        schedule: .fixedTimes(times: [TimeOfDay(hour: UInt8(c.hour ?? 20), minute: UInt8(c.minute ?? 0))]))
        do { _ = try await client.setReminderSettings(settings: settings); message = remindersOn ? "Reminder set." : "Reminders off." }
        catch { message = ErrorText.of(error) }
    }
}

/// A file the person chose to save: the bytes, their type and a suggested name.
struct ExportFile: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }
    let data: Data
    let type: UTType
    let name: String

    init(data: Data, type: UTType, name: String) { self.data = data; self.type = type; self.name = name }
    init(configuration: ReadConfiguration) throws {
        data = configuration.file.regularFileContents ?? Data()
        type = .data
        name = "hearth-file"
    }
    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper { FileWrapper(regularFileWithContents: data) }
}
