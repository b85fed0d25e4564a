import HearthFFI
import HearthKit
import SwiftUI

// The safety sheets of a circle chat: reporting a message to the facilitators, the
// facilitators' reports, sharing a check-in as a card, and the circle's meetings. The rules
// live in the core; these only draw them (mirroring Android's CircleSafety.kt).

/// Report a message: a reason from the list, an optional comment, then a calm confirmation.
struct ReportSheet: View {
    let client: HearthClient
    let circleId: String
    let message: CircleMessage
    @Environment(\.dismiss) private var dismiss
    @State private var reason: ReportReason?
    @State private var comment = ""
    @State private var error: String?
    @State private var sent = false

    var body: some View {
        NavigationStack {
            Form {
                if sent {
                    Text(SafetyText.sentNotice)
                } else {
                    Section { Text("“\(message.body.prefix(120))”").font(.caption) }
                    Section("Why") {
                        ForEach(reportReasons(), id: \.self) { r in
                            Button { reason = r } label: {
                                HStack {
                                    Text(reportReasonLabel(reason: r))
                                    Spacer()
                                    if reason == r { Image(systemName: "checkmark") }
                                }
                            }
                        }
                    }
                    Section(footer: Text("Only the circle's facilitators can read a report. Nobody else can tell it was made.")) {
                        TextField("Anything they should know (optional)", text: $comment, axis: .vertical)
                        Text("\(comment.count)/\(SafetyText.commentMax)").font(.caption2)
                    }
                    if let error { Text(error).foregroundStyle(.red) }
                }
            }
            .navigationTitle(sent ? "Report sent" : "Report")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button(sent ? "Close" : "Cancel") { dismiss() } }
                if !sent {
                    ToolbarItem(placement: .confirmationAction) {
                        Button("Send") { Task { await send() } }
                            .disabled(reason == nil || comment.count > SafetyText.commentMax)
                    }
                }
            }
        }
    }

    private func send() async {
        guard let reason else { return }
        do {
            _ = try await client.reportMessage(circleId: circleId, messageId: message.id, reason: reason,
                                               comment: comment)
            sent = true
        } catch {
            self.error = ErrorText.of(error)
        }
    }
}

/// A facilitator's reports, each with this phone's own copy of the message.
struct ReportsView: View {
    let client: HearthClient
    let circleId: String
    @State private var reports: [CircleReport] = []
    @State private var showHandled = false

    var body: some View {
        List {
            if reports.isEmpty { Text(showHandled ? "No reports." : "No open reports.") }
            ForEach(reports, id: \.id) { r in
                VStack(alignment: .leading, spacing: 2) {
                    ForEach(Array(SafetyText.report(r).enumerated()), id: \.offset) { i, line in
                        Text(line).font(i == 0 ? .headline : .caption)
                    }
                    Button(r.handledAtMs == nil ? "Mark handled" : "Open again") {
                        Task {
                            try? await client.setReportHandled(circleId: circleId, reportId: r.id, handled: r.handledAtMs == nil)
                            await reload()
                        }
                    }.font(.caption)
                }
            }
            Toggle("Show handled reports", isOn: $showHandled)
        }
        .navigationTitle("Reports")
        .onChange(of: showHandled) { _ in Task { await reload() } }
        .task {
            await reload()
            for await event in hearthEvents(client) where event.circleId == circleId { await reload() }
        }
    }

    private func reload() async {
        reports = (try? await client.circleReports(circleId: circleId, includeHandled: showHandled)) ?? []
    }
}

/// Share one recent check-in as a card: the mood always, each other part only when ticked.
struct ShareCheckinSheet: View {
    let client: HearthClient
    let circleId: String
    @Environment(\.dismiss) private var dismiss
    @State private var checkins: [Checkin] = []
    @State private var chosen: String?
    @State private var energy = false
    @State private var emotions = false
    @State private var tags = false
    @State private var sleep = false
    @State private var note = false
    private var choice: ShareChoice {
        ShareChoice(energy: energy, emotions: emotions, tags: tags, sleep: sleep, note: note)
    }
    @State private var error: String?

    var body: some View {
        NavigationStack {
            Form {
                Section("Check-in") {
                    if checkins.isEmpty { Text("You have no check-ins yet.") }
                    ForEach(checkins, id: \.id) { c in
                        Button { chosen = c.id } label: {
                            HStack {
                                Text("Mood \(c.mood)/5 · \(Formatting.messageTime(c.at.unixMs))")
                                Spacer()
                                if chosen == c.id { Image(systemName: "checkmark") }
                            }
                        }
                    }
                }
                Section(footer: Text(SafetyText.sharing(choice))) {
                    Toggle("Energy", isOn: $energy)
                    Toggle("Emotions", isOn: $emotions)
                    Toggle("Tags", isOn: $tags)
                    Toggle("Sleep", isOn: $sleep)
                    Toggle("My note", isOn: $note)
                }
                if let error { Text(error).foregroundStyle(.red) }
            }
            .navigationTitle("Share a check-in")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Share") { Task { await share() } }.disabled(chosen == nil)
                }
            }
            .task { checkins = (try? await client.checkins(query: JournalQuery(limit: 10))) ?? [] }
        }
    }

    private func share() async {
        guard let chosen else { return }
        do {
            _ = try await client.shareCheckin(circleId: circleId, checkinId: chosen, choice: choice)
            dismiss()
        } catch {
            self.error = ErrorText.of(error)
        }
    }
}

/// The circle's meetings in this phone's time zone; facilitators schedule and cancel them.
struct MeetingsView: View {
    let client: HearthClient
    let circle: CircleSummary
    @State private var sessions: [CircleSession] = []
    @State private var coming: [SessionOccurrence] = []
    @State private var title = ""
    @State private var starts = ""
    @State private var minutes = 60
    @State private var repeatRule = Repeat.weekly
    @State private var note: String?

    var body: some View {
        Form {
            Section(footer: Text("You'll get a reminder 30 minutes before each one.")) {
                if coming.isEmpty { Text("No meetings scheduled.") }
                ForEach(coming, id: \.startsAt.unixMs) { Text(SafetyText.session($0)) }
            }
            if circle.role == .facilitator {
                Section("Scheduled") {
                    ForEach(sessions, id: \.id) { s in
                        HStack {
                            Text(s.title)
                            Spacer()
                            Button("Cancel", role: .destructive) {
                                Task { await act { try await client.cancelSession(circleId: circle.circleId, sessionId: s.id) } }
                            }
                        }
                    }
                }
                Section("Schedule a meeting") {
                    TextField("Title", text: $title)
                    TextField("First start (2026-11-24T19:00)", text: $starts)
                    Stepper("\(minutes) minutes", value: $minutes, in: 5...600, step: 15)
                    Picker("Repeats", selection: $repeatRule) {
                        Text("Never").tag(Repeat.never)
                        Text("Weekly").tag(Repeat.weekly)
                        Text("Fortnightly").tag(Repeat.fortnightly)
                        Text("Monthly").tag(Repeat.monthly)
                    }
                    Button("Schedule") {
                        Task {
                            await act {
                                _ = try await client.addSession(circleId: circle.circleId, title: title, starts: starts,
                                                                timeZone: TimeZone.current.identifier,
                                                                durationMinutes: UInt32(minutes), repeat: repeatRule)
                            }
                        }
                    }.disabled(title.isEmpty || starts.isEmpty)
                }
            }
            if let note { Text(note).font(.caption) }
        }
        .navigationTitle("Meetings")
        .task {
            await reload()
            for await event in hearthEvents(client) where event.circleId == circle.circleId { await reload() }
        }
    }

    private func act(_ work: () async throws -> Void) async {
        do {
            try await work()
            note = "Every member's phone will follow once it syncs."
        } catch {
            note = ErrorText.of(error)
        }
    }

    private func reload() async {
        sessions = (try? await client.circleSessions(circleId: circle.circleId)) ?? []
        coming = ((try? await client.upcomingSessions(afterMs: nil, count: 50)) ?? [])
            .filter { $0.circleId == circle.circleId }
            .prefix(5).map { $0 }
        await Reminders.rescheduleSessions(client)
    }
}
