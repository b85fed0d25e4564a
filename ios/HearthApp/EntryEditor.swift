import HearthFFI
import HearthKit
import SwiftUI

/// Writes a new entry or edits one; deleting asks first. On a refusal the text stays.
struct EntryEditor: View {
    let client: HearthClient
    let entry: Entry?
    @State private var text: String
    @State private var error: String?
    @State private var confirmDelete = false
    @Environment(\.dismiss) private var dismiss

    init(client: HearthClient, entry: Entry?) {
        self.client = client
        self.entry = entry
        _text = State(initialValue: entry?.body ?? "")
    }

    var body: some View {
        Form {
            TextField("Your entry", text: $text, axis: .vertical).lineLimit(8...)
            if let error { Text(error).foregroundStyle(.red) }
            Button("Save") { Task { await save() } }
                .disabled(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            if entry != nil { Button("Delete", role: .destructive) { confirmDelete = true } }
        }
        .navigationTitle(entry == nil ? "New entry" : "Entry")
        .confirmationDialog("Delete this entry?", isPresented: $confirmDelete) {
            Button("Delete", role: .destructive) { Task { await delete() } }
            Button("Keep", role: .cancel) {}
        }
    }

    private func save() async {
        do {
            if let entry {
                _ = try await client.updateEntry(id: entry.id, draft: EntryDraft(at: nil, body: text, prompt: entry.prompt, checkinId: entry.checkinId))
            } else {
                _ = try await client.addEntry(draft: EntryDraft(at: nil, body: text, prompt: nil, checkinId: nil))
            }
            dismiss()
        } catch {
            self.error = ErrorText.of(error)
        }
    }

    private func delete() async {
        guard let entry else { return }
        do { try await client.deleteEntry(id: entry.id); dismiss() } catch { self.error = ErrorText.of(error) }
    }
}
