import HearthFFI
import HearthKit
import SwiftUI

/// The five tabs, each with a quick-exit button that locks at once.
struct MainTabs: View {
    let client: HearthClient
    let quickExit: () -> Void

    var body: some View {
        TabView {
            tab(TodayView(client: client), "Today", "square.and.pencil")
            tab(JournalView(client: client), "Journal", "book")
            tab(InsightsView(client: client), "Insights", "chart.xyaxis.line")
            tab(SurveysView(client: client), "Check yourself", "list.bullet.clipboard")
            tab(SettingsView(client: client), "Settings", "gear")
        }
    }

    private func tab<V: View>(_ view: V, _ title: String, _ icon: String) -> some View {
        NavigationStack {
            view.navigationTitle(title).toolbar {
                Button("Exit", action: quickExit).accessibilityLabel("Quick exit: lock Hearth")
            }
        }
        .tabItem { Label(title, systemImage: icon) }
    }
}

let moodWords = ["Very low", "Low", "Okay", "Good", "Very good"]

struct TodayView: View {
    let client: HearthClient
    @State private var mood: Int?
    @State private var emotions: Set<String> = []
    @State private var vocabulary: [String] = []
    @State private var tags = ""
    @State private var sleep: Double = 0
    @State private var note = ""
    @State private var message: String?

    var body: some View {
        Form {
            Section("How are you feeling?") {
                Picker("Mood", selection: $mood) {
                    Text("Choose").tag(Int?.none)
                    ForEach(1...5, id: \.self) { Text(moodWords[$0 - 1]).tag(Int?.some($0)) }
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
    }

    private func save() async {
        guard let mood else { return }
        let draft = CheckinDraft(at: nil, mood: UInt8(mood), energy: nil, emotions: Array(emotions),
                                 tags: tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                                 sleepHours: sleep > 0 ? sleep : nil, note: note.isEmpty ? nil : note)
        do {
            _ = try await client.addCheckin(draft: draft)
            message = "Saved. Thank you for checking in."
            self.mood = nil; emotions = []; tags = ""; note = ""; sleep = 0
        } catch HearthError.InvalidInput(let field, let reason) {
            message = "Please check \(field): \(reason)." // the input stays
        } catch {
            message = "Something went wrong. Nothing you wrote was shared."
        }
    }
}
