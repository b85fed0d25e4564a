import HearthFFI
import HearthKit
import SwiftUI

/// Crisis support, shown gently when the phone found risk language (in a draft, a received
/// message or a journal note): the lines for the phone's region from the bundled directory,
/// each one tap away, and nothing sent anywhere. `primary` is what the person can do next
/// ("Send anyway"); closing keeps everything as it was.
struct CrisisView: View {
    let client: HearthClient
    let intro: String
    var primary: (label: String, action: () -> Void)?
    /// "Let my facilitators know": offered only where a circle is at hand, sent only on a tap.
    var tellFacilitators: (() async throws -> Void)?
    /// Where no circle is at hand (a check-in note, a questionnaire): offer each circle.
    var offerCircles = false
    @State private var circles: [CircleSummary] = []
    @Environment(\.dismiss) private var dismiss
    @Environment(\.openURL) private var openURL
    @State private var resources: CrisisResources?
    @State private var told: String?

    var body: some View {
        NavigationStack {
            List {
                Section { Text(intro) }
                Section("Talk to someone now") {
                    if let lines = resources?.lines, !lines.isEmpty {
                        ForEach(lines, id: \.name) { line in
                            Button("\(line.name): \(line.details)") {
                                if let url = url(for: line) { openURL(url) }
                            }
                        }
                    } else {
                        Text(resources?.fallback ?? "If you are in danger, call your local emergency number.")
                    }
                }
                if let tellFacilitators, told == nil {
                    Button("Let my facilitators know") {
                        Task {
                            do {
                                try await tellFacilitators()
                                told = "Your facilitators will know you'd like support. Only they can read it."
                            } catch {
                                told = ErrorText.of(error)
                            }
                        }
                    }
                }
                if offerCircles, told == nil, !circles.isEmpty {
                    Section("Let a circle's facilitators know") {
                        ForEach(circles, id: \.circleId) { c in
                            Button("Let the facilitators of \(c.name) know") {
                                Task {
                                    do {
                                        _ = try await client.askFacilitatorsForSupport(circleId: c.circleId, note: "")
                                        told = "The facilitators of \(c.name) will know you'd like support. Only they can read it."
                                    } catch {
                                        told = ErrorText.of(error)
                                    }
                                }
                            }
                        }
                    }
                }
                Section { Text(told ?? "This stays on your phone. Nobody was told.").font(.caption) }
                if let primary {
                    Button(primary.label) { primary.action(); dismiss() }
                }
            }
            .navigationTitle("You don't have to face this alone")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar { Button("Close") { dismiss() } }
            .task {
                let region = Locale.current.region?.identifier ?? "US"
                resources = try? await client.crisisResources(region: region)
                if offerCircles { circles = ((try? await client.circles()) ?? []).filter { $0.state == .active } }
            }
        }
    }

    private func url(for line: CrisisLine) -> URL? {
        let digits = line.contact.filter(\.isNumber)
        switch line.kind {
        case .chat: return URL(string: line.contact)
        case .text: return URL(string: "sms:\(digits)")
        case .call, .callOrText, .emergency: return URL(string: "tel:\(digits)")
        }
    }
}
