import HearthFFI
import HearthKit
import SwiftUI

/// The questionnaires offered (PHQ-9, GAD-7, WHO-5) and past results, newest first.
struct SurveysView: View {
    let client: HearthClient
    private let offered = instrumentInfo().filter { [.phq9, .gad7, .who5].contains($0.instrument) }
    @State private var history: [SurveyResult] = []

    var body: some View {
        List {
            Section {
                ForEach(offered, id: \.name) { info in
                    NavigationLink(info.name) { QuestionnaireView(client: client, info: info) }
                }
            } footer: { Text("Short, validated questionnaires. Your answers stay on this phone.") }
            if !history.isEmpty {
                Section("Your results") {
                    ForEach(history, id: \.id) { r in
                        let name = offered.first { $0.instrument == r.instrument }?.name ?? "\(r.instrument)"
                        Text("\(Formatting.moment(r.at)) · \(name): \(r.score) of \(r.maxScore), \(r.band)")
                    }
                }
            }
        }
        .task { await reload(); for await event in hearthEvents(client) where event.touchesJournal { await reload() } }
    }

    private func reload() async {
        // The core lists oldest first.
        history = ((try? await client.surveyResults(instrument: nil)) ?? []).reversed()
    }
}

struct QuestionnaireView: View {
    let client: HearthClient
    let info: InstrumentInfo
    @State private var answers: [Int?] = []
    @State private var outcome: SurveyOutcome?
    @State private var message: String?

    var body: some View {
        Group {
            switch outcome {
            case .safetyConcern(_, _, let guidance)?: SafetyView(client: client, guidance: guidance)
            case .recorded(let result)?:
                VStack(spacing: 12) {
                    Text("\(info.name): \(result.score) of \(result.maxScore)").font(.title2)
                    Text(result.band)
                    Text("This is a screening result, not a diagnosis. If it worries you, talk to someone you trust or a professional.")
                }
                .padding()
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
                    Button("See my result") { Task { await record() } }
                        .disabled(answers.contains(where: { $0 == nil }))
                    if let message { Text(message).foregroundStyle(.red) }
                }
            }
        }
        .navigationTitle(info.name)
        .onAppear { if answers.isEmpty { answers = Array(repeating: nil, count: info.items.count) } }
    }

    private func record() async {
        // The button is enabled only when every item is answered; the answers stay on a refusal.
        let chosen = answers.compactMap { $0 }.map { UInt32($0) }
        guard chosen.count == info.items.count else { return }
        do { outcome = try await client.recordSurvey(instrument: info.instrument, answers: chosen, at: nil) }
        catch { message = ErrorText.of(error) }
    }
}

/// Shown at once after a positive PHQ-9 item 9.
struct SafetyView: View {
    let client: HearthClient
    let guidance: String
    var body: some View {
        // The lines for this phone's region come from the directory in the core.
        CrisisView(client: client, intro: "You're not alone. " + guidance, offerCircles: true)
    }
}

