import HearthFFI
import HearthKit
import SwiftUI

/// Today's check-in: mood (required), energy, emotions, tags, sleep and a private note.
struct TodayView: View {
    let client: HearthClient
    @State private var mood: Int?
    @State private var energy: Int?
    @State private var emotions: Set<String> = []
    @State private var vocabulary: [String] = []
    @State private var tags = ""
    @State private var sleep: Double = 0
    @State private var note = ""
    @State private var support = false
    @State private var message: String?

    var body: some View {
        Form {
            Section("How are you feeling?") {
                Picker("Mood", selection: $mood) {
                    Text("Choose").tag(Int?.none)
                    ForEach(1...5, id: \.self) { Text(Formatting.moodLabel($0)).tag(Int?.some($0)) }
                }
                Picker("Energy", selection: $energy) {
                    Text("Not now").tag(Int?.none)
                    ForEach(1...5, id: \.self) { Text("\($0) of 5").tag(Int?.some($0)) }
                }
            }
            Section("Emotions") {
                ForEach(vocabulary, id: \.self) { word in
                    Toggle(word, isOn: Binding(get: { emotions.contains(word) },
                                               set: { on in if on { emotions.insert(word) } else { emotions.remove(word) } }))
                }
            }
            Section("Tags, sleep and a note") {
                TextField("Tags, separated by commas", text: $tags)
                Stepper("Sleep: \(sleep, specifier: "%.1f") h", value: $sleep, in: 0...24, step: 0.5)
                TextField("A private note", text: $note, axis: .vertical)
            }
            Button("Save check-in") { Task { await save() } }.disabled(mood == nil)
            if let message { Text(message) }
        }
        .task {
            if let v = try? await client.emotions() { vocabulary = v.builtIn + v.custom }
        }
        .sheet(isPresented: $support) {
            CrisisView(client: client,
                       intro: "Your note is saved and private. It sounds like things may be really hard right now; if you'd like to talk to someone, these lines are there any time.",
                       offerCircles: true)
        }
    }

    private func save() async {
        guard let mood else { return }
        let draft = CheckinDraft(at: nil, mood: UInt8(mood), energy: energy.map { UInt8($0) }, emotions: Array(emotions),
                                 tags: tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                                 sleepHours: sleep > 0 ? sleep : nil, note: note.isEmpty ? nil : note)
        // The note is saved as written; if it carries risk language, help is offered gently
        // afterwards, on this phone only.
        let risky = assessRisk(text: note).risk
        do {
            _ = try await client.addCheckin(draft: draft)
            support = risky
            message = "Saved. Thank you for checking in."
            self.mood = nil; energy = nil; emotions = []; tags = ""; note = ""; sleep = 0
        } catch {
            message = ErrorText.of(error) // what was entered stays in the form
        }
    }
}
