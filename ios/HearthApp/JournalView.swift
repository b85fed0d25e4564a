import HearthFFI
import HearthKit
import SwiftUI

/// Check-ins and entries, newest first, with full-text search; entries open in the editor,
/// check-ins can be deleted after a confirmation.
struct JournalView: View {
    let client: HearthClient
    @State private var query = ""
    @State private var entries: [Entry] = []
    @State private var checkins: [Checkin] = []
    @State private var hits: [SearchHit] = []
    @State private var pendingDelete: Checkin?
    @State private var message: String?

    var body: some View {
        List {
            NavigationLink("Write an entry") { EntryEditor(client: client, entry: nil) }
            if let message { Text(message).foregroundStyle(.secondary) }
            if query.isEmpty {
                Section("Entries") {
                    ForEach(entries, id: \.id) { entry in
                        NavigationLink { EntryEditor(client: client, entry: entry) } label: {
                            VStack(alignment: .leading) {
                                Text(Formatting.moment(entry.at)).font(.caption)
                                Text(entry.body).lineLimit(3)
                            }
                        }
                    }
                }
                Section("Check-ins") {
                    ForEach(checkins, id: \.id) { checkin in
                        CheckinRow(checkin: checkin)
                            .swipeActions { Button("Delete", role: .destructive) { pendingDelete = checkin } }
                    }
                }
            } else {
                Section("Results") {
                    ForEach(hits, id: \.id) { hit in
                        if hit.kind == .entry, let entry = entries.first(where: { $0.id == hit.id }) {
                            NavigationLink { EntryEditor(client: client, entry: entry) } label: { HitRow(hit: hit) }
                        } else {
                            HitRow(hit: hit)
                        }
                    }
                }
            }
        }
        .searchable(text: $query, prompt: "Search your journal")
        .task(id: query) {
            // Search as the person types, not on every key.
            try? await Task.sleep(nanoseconds: 250_000_000)
            hits = query.isEmpty ? [] : ((try? await client.search(text: query, limit: 50)) ?? [])
        }
        .task { await reload(); for await event in hearthEvents(client) where event.touchesJournal { await reload() } }
        .confirmationDialog("Delete this check-in?", isPresented: Binding(get: { pendingDelete != nil }, set: { if !$0 { pendingDelete = nil } }),
                            presenting: pendingDelete) { checkin in
            Button("Delete", role: .destructive) {
                Task {
                    do { try await client.deleteCheckin(id: checkin.id) } catch { message = ErrorText.of(error) }
                }
            }
        } message: { _ in Text("Entries written with it stay; they are no longer linked to it.") }
    }

    private func reload() async {
        let recent = JournalQuery(since: nil, until: nil, emotion: nil, tag: nil, limit: 50, offset: 0)
        do {
            entries = try await client.entries(query: recent)
            checkins = try await client.checkins(query: recent)
        } catch {
            message = ErrorText.of(error)
        }
    }
}

private struct CheckinRow: View {
    let checkin: Checkin
    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(Formatting.moment(checkin.at)).font(.caption)
            Text("Mood: \(Formatting.moodLabel(Int(checkin.mood)))" + (checkin.sleepHours.map { " · slept \(Formatting.sleep($0))" } ?? ""))
            if !(checkin.emotions + checkin.tags).isEmpty { Text((checkin.emotions + checkin.tags).joined(separator: " · ")).font(.subheadline) }
            if let note = checkin.note { Text(note).lineLimit(2).foregroundStyle(.secondary) }
        }
        .accessibilityElement(children: .combine)
    }
}

private struct HitRow: View {
    let hit: SearchHit
    var body: some View {
        VStack(alignment: .leading) {
            Text(Formatting.moment(hit.at)).font(.caption)
            Text(Formatting.snippet(hit.snippet))
        }
    }
}
