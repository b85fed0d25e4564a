import CoreImage.CIFilterBuiltins
import HearthFFI
import HearthKit
import SwiftUI

/// A circle's invite codes, for its facilitators: make a code, show it as text and QR code,
/// share it, answer the people waiting for approval, and withdraw codes.
struct InvitesView: View {
    let client: HearthClient
    let circleId: String
    @State private var invites: [Invite] = []
    @State private var creating = false
    @State private var showing: Shown?
    @State private var message: String?

    var body: some View {
        List {
            Section {
                Text("Each code works once. The relay never learns the code, the circle, or who joins.").font(.caption)
                Button("New code") { creating = true }
                if let message { Text(message).foregroundStyle(.red) }
            }
            Section("Codes") {
                if invites.isEmpty { Text("No codes yet.") }
                ForEach(invites, id: \.nameplate) { invite in row(invite) }
            }
        }
        .navigationTitle("Invite codes")
        .sheet(isPresented: $creating) {
            NewCodeSheet(client: client, circleId: circleId) { made in
                creating = false
                showing = Shown(invite: made)
            }
        }
        .sheet(item: $showing) { shown in CodeSheet(invite: shown.invite) }
        .task {
            await reload()
            for await event in hearthEvents(client) {
                if case let .inviteChanged(_, id) = event, id == circleId { await reload() }
                if case .missed = event { await reload() }
            }
        }
    }

    /// A sheet item: the code on show.
    private struct Shown: Identifiable {
        let invite: Invite
        var id: String { invite.nameplate }
    }

    @ViewBuilder private func row(_ invite: Invite) -> some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(invite.label.isEmpty ? "Code \(invite.nameplate)" : invite.label).font(.headline)
            Text(InviteText.state(invite)).font(.caption)
            if let words = InviteText.words(invite.words) { Text(words).font(.caption) }
            HStack {
                switch invite.state {
                case .open:
                    Button("Show") { showing = Shown(invite: invite) }.buttonStyle(.bordered)
                    Button("Withdraw", role: .destructive) { act { try await client.revokeInvite(code: invite.nameplate) } }
                case .waitingForApproval:
                    Button("Let \(invite.inviteeName ?? "them") in") { act { try await client.approveInvite(code: invite.nameplate) } }
                        .buttonStyle(.borderedProminent)
                    Button("Decline", role: .destructive) { act { try await client.declineInvite(code: invite.nameplate) } }
                default:
                    EmptyView()
                }
            }
            .buttonStyle(.borderless)
        }
    }

    private func act(_ work: @escaping () async throws -> Void) {
        Task {
            do { try await work(); message = nil } catch { message = ErrorText.of(error) }
            await reload()
        }
    }

    private func reload() async {
        if let list = try? await client.invites(circleId: circleId) { invites = list }
    }
}

/// How long a new code lasts, whether each person is approved first (the default), and a
/// private label.
struct NewCodeSheet: View {
    let client: HearthClient
    let circleId: String
    let made: (Invite) -> Void
    @Environment(\.dismiss) private var dismiss
    @State private var lifetime = inviteLimits().defaultLifetimeSeconds
    @State private var autoAdmit = false
    @State private var label = ""
    @State private var message: String?

    /// One lifetime the sheet offers.
    private struct Lifetime: Hashable {
        let label: String
        let seconds: UInt64
    }

    /// The lifetimes offered, within the core's limits; its default is among them.
    private let lifetimes = [
        Lifetime(label: "1 hour", seconds: 3_600), Lifetime(label: "1 day", seconds: 86_400),
        Lifetime(label: "2 days", seconds: 172_800), Lifetime(label: "7 days", seconds: 604_800),
    ].filter { (inviteLimits().minLifetimeSeconds...inviteLimits().maxLifetimeSeconds).contains($0.seconds) }

    var body: some View {
        NavigationStack {
            Form {
                Picker("Works for", selection: $lifetime) {
                    ForEach(lifetimes, id: \.self) { Text($0.label).tag($0.seconds) }
                }
                Toggle(isOn: $autoAdmit) {
                    VStack(alignment: .leading) {
                        Text("Let people in without asking me")
                        Text("Off: you approve each person after they use the code.").font(.caption)
                    }
                }
                TextField("Private note (for you only), e.g. for Sam", text: $label)
                    .onChange(of: label) { new in
                        let max = Int(inviteLimits().labelMaxChars)
                        if new.count > max { label = String(new.prefix(max)) }
                    }
                if let message { Text(message).foregroundStyle(.red) }
            }
            .navigationTitle("New invite code")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Make code") {
                        Task {
                            do {
                                let options = InviteOptions(lifetimeSeconds: lifetime, autoAdmit: autoAdmit, label: label)
                                let invite = try await client.createInvite(circleId: circleId, options: options)
                                made(invite)
                            } catch { message = ErrorText.of(error) }
                        }
                    }
                }
            }
        }
    }
}

/// The code as text to read aloud, as a QR code to scan, and through the share sheet.
struct CodeSheet: View {
    let invite: Invite
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            VStack(spacing: 16) {
                if let code = invite.code {
                    Text(code).font(.title2.monospaced()).textSelection(.enabled)
                }
                if let link = invite.link, let image = qrImage(link) {
                    Image(uiImage: image).interpolation(.none).resizable().scaledToFit()
                        .frame(width: 220, height: 220).padding(16).background(Color.white)
                        .accessibilityLabel("QR code of the invite link")
                }
                Text("Give it only to the person it is for: whoever uses it first "
                    + (invite.autoAdmit ? "gets in." : "can join once you approve.")).font(.caption)
                Text(InviteText.state(invite)).font(.caption)
                if let text = InviteText.shareMessage(invite) {
                    ShareLink("Share the invite", item: text)
                }
            }
            .padding()
            .navigationTitle(invite.label.isEmpty ? "Invite code" : invite.label)
            .toolbar { Button("Done") { dismiss() } }
        }
    }

    /// Drawn on the phone by Core Image: the link never goes to any service.
    private func qrImage(_ text: String) -> UIImage? {
        let filter = CIFilter.qrCodeGenerator()
        filter.message = Data(text.utf8)
        filter.correctionLevel = "M"
        guard let output = filter.outputImage?.transformed(by: CGAffineTransform(scaleX: 8, y: 8)),
              let cg = CIContext().createCGImage(output, from: output.extent) else { return nil }
        return UIImage(cgImage: cg)
    }
}

/// "Join with a code": first what cannot be checked yet, then the code (typed, or filled in
/// from a scanned `hearth://join#` link) checked as it is typed, and the name wanted there.
struct JoinByCodeSheet: View {
    let client: HearthClient
    let joined: () -> Void
    @State var code: String
    @Environment(\.dismiss) private var dismiss
    @State private var name = ""
    @State private var message: String?

    private var problem: String? { InviteText.problem(typed: code) }
    private var canonical: String? { try? checkInviteCode(code: code.trimmingCharacters(in: .whitespacesAndNewlines)) }

    var body: some View {
        NavigationStack {
            Form {
                Text(beforeJoiningNotice()).font(.caption)
                Section {
                    TextField("Code, e.g. 7KQ2M9-XD4F-PW8T", text: $code)
                        .textInputAutocapitalization(.characters).autocorrectionDisabled()
                    if let problem { Text(problem).font(.caption).foregroundStyle(.red) }
                }
                TextField("Your name in this circle", text: $name)
                if let message { Text(message).foregroundStyle(.red) }
            }
            .navigationTitle("Join a circle")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Join") {
                        guard let canonical else { return }
                        Task {
                            do {
                                _ = try await client.joinWithCode(code: canonical, displayName: name)
                                joined()
                            } catch { message = ErrorText.of(error) }  // what was typed stays
                        }
                    }
                    .disabled(canonical == nil || name.trimmingCharacters(in: .whitespaces).isEmpty)
                }
            }
        }
    }
}
