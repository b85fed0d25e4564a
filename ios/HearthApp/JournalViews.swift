import Charts
import HearthFFI
import SwiftUI
import UniformTypeIdentifiers

struct JournalView: View {
    let client: HearthClient
    @State private var query = ""
    @State private var entries: [Entry] = []
    @State private var checkins: [Checkin] = []
    @State private var hits: [SearchHit] = []
    @State private var draft = ""

    var body: some View {
        List {
            Section("New entry") {
                TextField("Write…", text: $draft, axis: .vertical)
                Button("Save entry") { Task { _ = try? await client.addEntry(draft: EntryDraft(at: nil, body: draft, prompt: nil, checkinId: nil)); draft = "" } }
                    .disabled(draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            }
            if query.isEmpty {
                Section("Entries") { ForEach(entries, id: \.id) { Text($0.body).lineLimit(3) } }
                Section("Check-ins") {
                    ForEach(checkins, id: \.id) { c in
                        VStack(alignment: .leading) {
                            Text("Mood: \(moodWords[Int(c.mood) - 1])")
                            if let note = c.note { Text(note).lineLimit(2).foregroundStyle(.secondary) }
                        }
                    }
                }
            } else {
                Section("Results") { ForEach(hits, id: \.id) { Text($0.snippet) } }
            }
        }
        .searchable(text: $query)
        .task(id: query) {
            try? await Task.sleep(nanoseconds: 250_000_000)
            hits = query.isEmpty ? [] : ((try? await client.search(text: query, limit: 50)) ?? [])
        }
        .task { await reload(); for await _ in journalEvents(client) { await reload() } }
    }

    private func reload() async {
        entries = (try? await client.entries(query: JournalQuery(since: nil, until: nil, emotion: nil, tag: nil, limit: 50, offset: 0))) ?? []
        checkins = (try? await client.checkins(query: JournalQuery(since: nil, until: nil, emotion: nil, tag: nil, limit: 50, offset: 0))) ?? []
    }
}

struct InsightsView: View {
    let client: HearthClient
    @State private var insights: Insights?

    var body: some View {
        List {
            if let i = insights {
                Chart(i.byDay, id: \.start.day) { day in
                    LineMark(x: .value("Day", dateOf(day.start)), y: .value("Mood", day.mean))
                }
                .chartYScale(domain: 1...5)
                .frame(height: 180)
                .accessibilityLabel("Mood chart: \(i.checkinCount) check-ins")
                Text("Streak: \(i.streaks.current) days (longest \(i.streaks.longest))")
                ForEach(i.tags, id: \.tag) { t in Text("\(t.tag): \(t.confidenceText)") }
            }
        }
        .task {
            let today = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            let local = LocalDate(year: Int16(today.year!), month: UInt8(today.month!), day: UInt8(today.day!))
            insights = try? await client.insights(request: InsightsRequest(since: nil, today: local))
        }
    }

    private func dateOf(_ d: LocalDate) -> Date {
        Calendar.current.date(from: DateComponents(year: Int(d.year), month: Int(d.month), day: Int(d.day))) ?? Date()
    }
}

struct SurveysView: View {
    let client: HearthClient
    private let offered = instrumentInfo().filter { [.phq9, .gad7, .who5].contains($0.instrument) }

    var body: some View {
        List(offered, id: \.name) { info in
            NavigationLink(info.name) { QuestionnaireView(client: client, info: info) }
        }
    }
}

struct QuestionnaireView: View {
    let client: HearthClient
    let info: InstrumentInfo
    @State private var answers: [Int?] = []
    @State private var outcome: SurveyOutcome?

    var body: some View {
        Group {
            switch outcome {
            case .safetyConcern(_, _, let guidance)?: SafetyView(guidance: guidance)
            case .recorded(let result)?: Text("\(info.name): \(result.score) of \(result.maxScore) — \(result.band)").padding()
            case nil:
                Form {
                    Text(info.preamble)
                    ForEach(info.items.indices, id: \.self) { item in
                        Picker(info.items[item], selection: Binding(get: { answers.indices.contains(item) ? answers[item] : nil },
                                                                     set: { answers[item] = $0 })) {
                            Text("Choose").tag(Int?.none)
                            ForEach(info.scale.indices, id: \.self) { Text(info.scale[$0]).tag(Int?.some($0)) }
                        }
                    }
                    Button("See my result") {
                        Task { outcome = try? await client.recordSurvey(instrument: info.instrument, answers: answers.map { UInt32($0 ?? 0) }, at: nil) }
                    }.disabled(answers.contains(where: { $0 == nil }))
                }
            }
        }
        .onAppear { if answers.isEmpty { answers = Array(repeating: nil, count: info.items.count) } }
    }
}

/// Shown at once after a positive PHQ-9 item 9.
struct SafetyView: View {
    let guidance: String
    var body: some View {
        VStack(spacing: 16) {
            Text("You're not alone").font(.title2)
            Text(guidance)
            Link("Call or text 988 (US, Canada)", destination: URL(string: "tel:988")!)
            Link("Call Samaritans 116 123 (UK, Ireland)", destination: URL(string: "tel:116123")!)
        }
        .padding()
    }
}

struct SettingsView: View {
    let client: HearthClient
    @State private var remindersOn = false
    @State private var time = Calendar.current.date(from: DateComponents(hour: 20)) ?? Date()
    @State private var passphrase = ""
    @State private var backup: BackupFile?
    @State private var message: String?

    var body: some View {
        Form {
            Section("Reminders") {
                Toggle("Daily reminder", isOn: $remindersOn)
                DatePicker("Time", selection: $time, displayedComponents: .hourAndMinute)
                Button("Save reminders") { Task { await saveReminders() } }
                Text("Notifications only say \"A moment to check in?\".").font(.footnote)
            }
            Section("Encrypted backup") {
                SecureField("Backup passphrase (8+ characters)", text: $passphrase)
                Button("Export backup") {
                    Task {
                        do { backup = BackupFile(data: try await client.exportBackup(passphrase: passphrase)) }
                        catch { message = "The backup could not be made." }
                    }
                }.disabled(passphrase.count < 8)
            }
            if let message { Text(message) }
        }
        .fileExporter(isPresented: Binding(get: { backup != nil }, set: { if !$0 { backup = nil } }),
                      document: backup, contentType: .data, defaultFilename: "hearth-backup.hearthbk") { _ in }
        .task { remindersOn = (try? await client.reminderSettings())?.enabled ?? false }
    }

    private func saveReminders() async {
        let c = Calendar.current.dateComponents([.hour, .minute], from: time)
        let settings = ReminderSettings(enabled: remindersOn, timeZone: TimeZone.current.identifier,
                                        schedule: .fixedTimes(times: [TimeOfDay(hour: UInt8(c.hour ?? 20), minute: UInt8(c.minute ?? 0))]))
        do { _ = try await client.setReminderSettings(settings: settings); message = remindersOn ? "Reminder set." : "Reminders off." }
        catch { message = "Reminders could not be saved." }
    }
}

struct BackupFile: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }
    let data: Data
    init(data: Data) { self.data = data }
    init(configuration: ReadConfiguration) throws { data = configuration.file.regularFileContents ?? Data() }
    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper { FileWrapper(regularFileWithContents: data) }
}
