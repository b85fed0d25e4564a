import HearthFFI
import HearthKit
import SwiftUI

/// Background sync for the app's lifetime: started when the profile opens (if a relay is
/// set) and stopped when Hearth locks.
@MainActor
final class CircleSync: ObservableObject {
    @Published private(set) var state: SyncState?
    private var sync: RelaySync?

    /// Sets the relay, registers this phone and starts syncing; returns the device id.
    func connect(_ client: HearthClient, url: String) async throws -> String {
        try await client.setRelay(url: url)
        sync?.stop()
        let fresh = try await client.relaySync()
        sync = fresh
        let deviceId = try await fresh.register()
        try fresh.start()
        return deviceId
    }

    func start(_ client: HearthClient) async {
        guard (try? await client.relayAccount()) != nil else { return }
        if sync == nil { sync = try? await client.relaySync() }
        try? sync?.start()
    }

    func stop() { sync?.stop() }

    /// One pass now, so a join request or an approval goes out without waiting.
    func syncNow(_ client: HearthClient) async throws {
        if sync == nil { sync = try await client.relaySync() }
        try await sync?.syncOnce()
    }

    /// Follows sync-state events for as long as the calling task runs.
    func follow(_ client: HearthClient) async {
        for await event in hearthEvents(client) {
            if case let .syncStateChanged(state) = event { self.state = state }
        }
    }
}

/// The circles tab: connect to a relay once, show this phone's device id, join a circle with
/// a code (typed, or from a scanned link that opened the app: `joinLink`), list circles with
/// unread counts and this phone's join requests, create one, open a chat.
struct CirclesView: View {
    let client: HearthClient
    @Binding var joinLink: String?
    @EnvironmentObject private var sync: CircleSync
    @State private var circles: [CircleSummary] = []
    @State private var joins: [InviteJoin] = []
    @State private var joining: JoinStart?
    @State private var account: RelayAccount?
    @State private var relayUrl = "https://"
    @State private var creating = false
    @State private var message: String?

    var body: some View {
        List {
            if account?.deviceId == nil {
                Section("Circles need a relay") {
                    Text("The relay only carries encrypted messages. It never sees what you write, your name, or your circles.")
                    TextField("Relay address", text: $relayUrl)
                        .textInputAutocapitalization(.never).keyboardType(.URL)
                    Button("Connect") { Task { await connect() } }
                }
            } else if let id = account?.deviceId {
                Section("Your device id") {
                    Text(id).textSelection(.enabled).font(.callout.monospaced())
                    Text("A facilitator adds you with it.").font(.caption)
                    Text(statusText).font(.caption)
                }
            }
            if let message { Text(message).foregroundStyle(.red) }
            if !joins.isEmpty {
                Section("Your codes") {
                    ForEach(joins, id: \.nameplate) { join in
                        VStack(alignment: .leading, spacing: 2) {
                            Text("\(join.displayName) · \(InviteText.state(join))").font(.caption)
                            if let words = InviteText.words(join.words) { Text(words).font(.caption) }
                        }
                    }
                }
            }
            Section {
                Button("Join with a code") { joining = JoinStart(code: "") }.disabled(account?.deviceId == nil)
                Button("New circle") { creating = true }
                if circles.isEmpty { Text("No circles yet. Join one with a code from its facilitator, or create one.") }
                ForEach(circles, id: \.circleId) { circle in
                    NavigationLink { CircleChatView(client: client, circleId: circle.circleId) } label: {
                        HStack {
                            VStack(alignment: .leading) {
                                Text(circle.name).font(.headline)
                                Text(subtitle(circle)).font(.caption)
                            }
                            Spacer()
                            if circle.unread > 0 {
                                Text("\(circle.unread)").font(.caption.bold()).padding(6)
                                    .background(Circle().fill(Color.accentColor)).foregroundStyle(.white)
                                    .accessibilityLabel("\(circle.unread) unread")
                            }
                        }
                    }
                }
            }
        }
        .sheet(isPresented: $creating) { NewCircleSheet(client: client) { creating = false } }
        .sheet(item: $joining) { start in
            JoinByCodeSheet(client: client, joined: {
                joining = nil
                // Send the request now rather than at the next background pass.
                Task { do { try await sync.syncNow(client) } catch { message = ErrorText.of(error) } }
            }, code: start.code)
        }
        .onAppear(perform: takeJoinLink)
        .onChange(of: joinLink) { _ in takeJoinLink() }
        .task {
            await reload()
            for await event in hearthEvents(client) where event.circleId != nil || event.touchesJoins { await reload() }
        }
    }

    /// A sheet item: joining with a code, maybe filled in from a link.
    private struct JoinStart: Identifiable {
        let code: String
        var id: String { code }
    }

    private func takeJoinLink() {
        guard let link = joinLink else { return }
        joining = JoinStart(code: link)
        joinLink = nil
    }

    private var statusText: String {
        switch sync.state {
        case .none, .some(.syncing): return "Syncing…"
        case .some(.online): return "Up to date"
        case let .some(.offline(retryInMs)): return "Offline. Nothing is lost; retrying in \(retryInMs / 1000 + 1) s."
        }
    }

    private func subtitle(_ c: CircleSummary) -> String {
        switch c.state {
        case .active: return "\(c.memberCount) members" + (c.waiting > 0 ? " · sending…" : "")
        case .left: return "You left this circle"
        case .removed: return "You were removed from this circle"
        case .stalled: return askForANewCodeNotice()
        case .closed: return "Closed by its facilitator"
        case .invited: return "An invitation: open it to accept or decline"
        }
    }

    private func reload() async {
        account = try? await client.relayAccount()
        if let list = try? await client.circles() { circles = list }
        if let list = try? await client.inviteJoins() { joins = list }
    }

    private func connect() async {
        do {
            _ = try await sync.connect(client, url: relayUrl)
            message = nil
            await reload()
        } catch { message = ErrorText.of(error) }
    }
}

/// Name, description and guidelines for a new circle; its creator is the facilitator.
struct NewCircleSheet: View {
    let client: HearthClient
    let done: () -> Void
    @State private var name = ""
    @State private var description = ""
    @State private var guidelines = "Be kind. What is shared here stays here."
    @State private var message: String?

    var body: some View {
        NavigationStack {
            Form {
                TextField("Name", text: $name)
                TextField("Description", text: $description, axis: .vertical)
                TextField("Guidelines", text: $guidelines, axis: .vertical)
                Text("Only members can read these. You will be the facilitator.").font(.caption)
                if let message { Text(message).foregroundStyle(.red) }
            }
            .navigationTitle("New circle")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel", action: done) }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Create") {
                        Task {
                            do {
                                _ = try await client.createCircle(name: name, description: description, guidelines: guidelines)
                                done()
                            } catch { message = ErrorText.of(error) }
                        }
                    }.disabled(name.trimmingCharacters(in: .whitespaces).isEmpty)
                }
            }
        }
    }
}

/// One circle's chat: messages oldest first, reply and react from the context menu, a
/// composer that keeps the draft when sending is refused, members, add by device id, invite
/// codes for those who may add people (with how many wait for approval), leave.
struct CircleChatView: View {
    let client: HearthClient
    let circleId: String
    @State private var circle: CircleSummary?
    @State private var messages: [CircleMessage] = []
    @State private var members: [CircleMember] = []
    @State private var draft = ""
    @State private var replyTo: CircleMessage?
    @State private var message: String?
    @State private var showMembers = false
    @State private var waiting = 0
    @State private var crisisDraft = false
    @State private var crisisSeen = false
    @State private var supportFor: CircleMessage?
    @State private var reporting: CircleMessage?
    @State private var sharing = false

    private var active: Bool { circle?.state == .active }
    private var canAdd: Bool { active && (circle?.role == .facilitator || circle?.role == .coFacilitator) }

    var body: some View {
        Group {
            if let circle, circle.state == .invited {
                InvitationView(client: client, circle: circle)
            } else {
                chat
            }
        }
        // Here, not on the chat: accepting turns the invitation into the chat.
        .task {
            await reload()
            for await event in hearthEvents(client) where event.circleId == circleId { await reload() }
        }
    }

    private var chat: some View {
        VStack(spacing: 8) {
            if let circle, circle.state == .stalled {
                Text(askForANewCodeNotice()).font(.caption)
            } else if let circle, circle.state == .closed {
                Text("This circle was closed by its facilitator. Its history stays on this phone.").font(.caption)
            } else if let circle, circle.state != .active {
                Text("You're no longer in this circle. Its history stays on this phone.").font(.caption)
            }
            if let circle, let paused = ModerationMenu.pausedNotice(circle, nowMs: Int64(Date().timeIntervalSince1970 * 1000)) {
                Text(paused).font(.caption).foregroundStyle(.secondary)
            }
            if let seconds = circle?.disappearAfterS {
                Text("Messages disappear \(seconds % 86_400 == 0 ? "\(seconds / 86_400) day(s)" : "\(seconds / 3_600) hour(s)") after they arrive.").font(.caption2)
            }
            if let pinned = messages.last(where: { $0.pinned }) {
                Text("📌 \(pinned.senderName ?? "You"): \(pinned.body.prefix(80))").font(.caption)
            }
            ScrollViewReader { proxy in
                List(messages, id: \.id) { m in
                    row(m).id(m.id)
                        .contextMenu {
                            if active && m.kind == .text {
                                Button("Reply") { replyTo = m }
                                ForEach(["💛", "🙏", "🤗"], id: \.self) { emoji in
                                    let mine = m.reactions.contains { $0.emoji == emoji && $0.mine }
                                    Button(mine ? "\(emoji) ✓" : emoji) {
                                        Task { await act { try await client.react(circleId: circleId, messageId: m.id, emoji: emoji, remove: mine) } }
                                    }
                                }
                            }
                            if let circle {
                                let sender = members.first { $0.key == m.senderKey }
                                ForEach(ModerationMenu.forMessage(circle, m, sender: sender), id: \.self) { action in
                                    Button(ModerationMenu.label(action), role: action == .removeForEveryone ? .destructive : nil) {
                                        if action == .report {
                                            reporting = m
                                        } else {
                                            Task { await act { try await ModerationMenu.perform(action, on: m, in: circleId, client: client) } }
                                        }
                                    }
                                }
                            }
                        }
                }
                .listStyle(.plain)
                .onChange(of: messages.count) { _ in
                    if let last = messages.last { proxy.scrollTo(last.id, anchor: .bottom) }
                }
            }
            if let message { Text(message).foregroundStyle(.red).font(.caption) }
            if active, let circle, ModerationMenu.needsAcceptance(circle) {
                GuidelinesCard(circle: circle) {
                    Task { await act { try await client.acceptGuidelines(circleId: circleId, version: circle.guidelinesVersion) } }
                }
            } else if active {
                if let replyTo {
                    HStack {
                        Text("Replying to \(replyTo.senderName ?? "you"): \(replyTo.body.prefix(40))").font(.caption)
                        Spacer()
                        Button("Cancel") { self.replyTo = nil }
                    }
                }
                HStack {
                    TextField("Message", text: $draft, axis: .vertical).textFieldStyle(.roundedBorder)
                    Button("Send") { Task { await send() } }
                        .disabled(draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                }
                Button("Share a check-in") { sharing = true }.font(.caption)
            }
        }
        .padding(.horizontal)
        .navigationTitle(circle?.name ?? "")
        .toolbar {
            if canAdd {
                NavigationLink(waiting > 0 ? "Invite · \(waiting) waiting" : "Invite") {
                    InvitesView(client: client, circleId: circleId)
                }
            }
            if canAdd {
                NavigationLink("Reports") { ReportsView(client: client, circleId: circleId) }
            }
            if let circle {
                NavigationLink("Meetings") { MeetingsView(client: client, circle: circle) }
            }
            Button("\(members.count) members") { showMembers = true }
        }
        .sheet(item: Binding(get: { reporting.map(ReportedMessage.init) }, set: { reporting = $0?.message })) { reported in
            ReportSheet(client: client, circleId: circleId, message: reported.message)
        }
        .sheet(isPresented: $sharing) { ShareCheckinSheet(client: client, circleId: circleId) }
        .sheet(isPresented: $showMembers) {
            MembersSheet(client: client, circleId: circleId, circle: circle, members: members)
        }
        .sheet(isPresented: $crisisDraft) {
            CrisisView(client: client,
                       intro: "It sounds like things may be really hard right now. If you'd like to talk to someone, these lines are there any time.",
                       primary: ("Send anyway", { crisisSeen = true; Task { await send() } }),
                       tellFacilitators: { _ = try await client.askFacilitatorsForSupport(circleId: circleId, note: "") })
        }
        .sheet(item: Binding(get: { supportFor.map(RiskyMessage.init) }, set: { supportFor = $0?.message })) { risky in
            CrisisView(client: client,
                       intro: "\(risky.message.senderName ?? "Someone") may be going through a lot. If anyone is in danger, these lines can help — for them or for you.")
        }
        .onChange(of: draft) { _ in crisisSeen = false }
    }

    @ViewBuilder private func row(_ m: CircleMessage) -> some View {
        if m.kind == .system {
            Text(m.event.map(EventText.of) ?? "").font(.caption).frame(maxWidth: .infinity)
        } else {
            VStack(alignment: m.fromMe ? .trailing : .leading, spacing: 2) {
                Text(m.fromMe ? "You" : (m.senderName ?? "Someone")).font(.caption.bold())
                if let r = m.replyTo, let original = messages.first(where: { $0.id == r }) {
                    Text("↪ \(original.body.prefix(60))").font(.caption)
                }
                if let card = m.checkin, !m.muted {
                    ForEach(Array(SafetyText.card(card).enumerated()), id: \.offset) { Text($0.element) }
                } else {
                    Text(ModerationMenu.shownBody(m))
                }
                Text(m.relaySeq == nil ? "sending…" : Formatting.messageTime(m.sentAtMs)).font(.caption2)
                if !m.reactions.isEmpty {
                    Text(m.reactions.map { "\($0.emoji) \($0.count)" }.joined(separator: "  ")).font(.caption)
                }
                if m.risk {
                    Button("Support options") { supportFor = m }.font(.caption2)
                }
            }
            .frame(maxWidth: .infinity, alignment: m.fromMe ? .trailing : .leading)
            .accessibilityElement(children: .combine)
        }
    }

    private func send() async {
        // Risk language in the draft: offer support first; the person may still send it.
        if !crisisSeen && assessRisk(text: draft).risk {
            crisisDraft = true
            return
        }
        do {
            _ = try await client.sendText(circleId: circleId, body: draft, replyTo: replyTo?.id)
            draft = ""  // cleared only once the core has it
            crisisSeen = false
            replyTo = nil
            message = nil
        } catch { message = ErrorText.of(error) }
    }

    private func act(_ work: () async throws -> Void) async {
        do { try await work(); message = nil } catch { message = ErrorText.of(error) }
    }

    private func reload() async {
        circle = try? await client.circle(circleId: circleId)
        members = (try? await client.circleMembers(circleId: circleId)) ?? members
        if canAdd, let codes = try? await client.invites(circleId: circleId) {
            waiting = codes.filter { $0.state == .waitingForApproval }.count
        }
        if let page = try? await client.latestCircleMessages(circleId: circleId, limit: 200) {
            messages = page
            if let newest = page.compactMap(\.relaySeq).max() {
                try? await client.markRead(circleId: circleId, relaySeq: newest)
            }
        }
    }
}

/// A received message the phone flagged, as a sheet's item.
private struct RiskyMessage: Identifiable {
    let message: CircleMessage
    var id: String { message.id }
}

/// A message being reported (the sheet's item).
private struct ReportedMessage: Identifiable {
    let message: CircleMessage
    var id: String { message.id }
}

/// The guidelines a member reads and accepts before posting (again after each change).
struct GuidelinesCard: View {
    let circle: CircleSummary
    let accept: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text("Circle guidelines · version \(circle.guidelinesVersion)").font(.headline)
            ScrollView { Text(circle.guidelines.isEmpty ? "This circle has no written guidelines yet." : circle.guidelines) }
                .frame(maxHeight: 160)
            Text("Please read them before you post. You can read the chat meanwhile.").font(.caption)
            Button("I've read them and agree", action: accept).buttonStyle(.borderedProminent)
        }
    }
}

/// Members with their roles and, for facilitators, who accepted which guidelines; the
/// moderation actions each row allows; facilitators add by device id and close the circle;
/// anyone can leave.
struct MembersSheet: View {
    let client: HearthClient
    let circleId: String
    let circle: CircleSummary?
    let members: [CircleMember]
    @Environment(\.dismiss) private var dismiss
    @State private var deviceId = ""
    @State private var note: String?
    @State private var confirmClose = false

    private var canAdd: Bool { circle?.role == .facilitator || circle?.role == .coFacilitator }

    var body: some View {
        NavigationStack {
            Form {
                Section("Members") {
                    ForEach(members, id: \.key) { m in
                        let accepted = m.guidelinesAccepted.map { " · guidelines v\($0)" } ?? ""
                        let flags = (m.pausedUntilMs != nil ? " · paused" : "") + (m.muted ? " · muted" : "")
                        Menu((m.displayName ?? "Someone (joining…)") + (m.isMe ? " (you)" : "") + roleLabel(m.role) + accepted + flags) {
                            if let circle {
                                ForEach(ModerationMenu.forMember(circle, m), id: \.self) { action in
                                    Button(ModerationMenu.label(action)) {
                                        Task {
                                            do {
                                                try await ModerationMenu.perform(action, on: m, in: circleId, client: client)
                                                note = "Done. It reaches everyone when phones sync."
                                            } catch { note = ErrorText.of(error) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                Section { CircleWakeToggle(client: client, circleId: circleId) }
                if circle?.role == .facilitator, circle?.state == .active {
                    Section("Disappearing messages") {
                        ForEach([("Off", UInt64?.none), ("1 day", UInt64?(86_400)), ("7 days", UInt64?(604_800))], id: \.0) { label, seconds in
                            Button(circle?.disappearAfterS == seconds ? "\(label) ✓" : label) {
                                Task {
                                    do {
                                        try await client.setDisappearing(circleId: circleId, seconds: seconds)
                                        note = "Every phone will follow the new timer once it syncs."
                                    } catch { note = ErrorText.of(error) }
                                }
                            }
                        }
                    }
                    Section {
                        Button("Close circle for everyone", role: .destructive) { confirmClose = true }
                    }
                }
                if canAdd {
                    Section("Add by device id") {
                        TextField("Device id", text: $deviceId).textInputAutocapitalization(.never)
                        Button("Add") {
                            Task {
                                do {
                                    try await client.addMember(circleId: circleId, deviceId: deviceId)
                                    deviceId = ""
                                    note = "Added. They'll see the circle when both phones have synced."
                                } catch { note = ErrorText.of(error) }
                            }
                        }.disabled(deviceId.isEmpty)
                    }
                }
                if let note { Text(note).font(.caption) }
                Button("Leave circle", role: .destructive) {
                    Task {
                        do { try await client.leaveCircle(circleId: circleId); dismiss() } catch { note = ErrorText.of(error) }
                    }
                }
            }
            .navigationTitle("Members")
            .toolbar { Button("Done") { dismiss() } }
            .confirmationDialog("Close this circle for everyone? Its messages at the relay are deleted.",
                                isPresented: $confirmClose, titleVisibility: .visible) {
                Button("Close circle", role: .destructive) {
                    Task {
                        do { try await client.closeCircle(circleId: circleId); dismiss() } catch { note = ErrorText.of(error) }
                    }
                }
            }
        }
    }

    private func roleLabel(_ role: Role) -> String {
        switch role {
        case .facilitator: return " · facilitator"
        case .coFacilitator: return " · co-facilitator"
        case .member: return ""
        }
    }
}

/// A circle someone added this phone to, waiting for the person's answer: its name, who added
/// them, its description and guidelines, and accept or decline. Nothing is sent before
/// "Accept and join"; declining removes it from this phone and tells nobody.
struct InvitationView: View {
    let client: HearthClient
    let circle: CircleSummary
    @Environment(\.dismiss) private var dismiss
    @State private var message: String?

    var body: some View {
        Form {
            Section {
                Text(invitationNotice(addedBy: circle.addedBy))
                if !circle.description.isEmpty { Text(circle.description) }
                Text("\(circle.memberCount) members").font(.caption)
            }
            if !circle.guidelines.isEmpty {
                Section("Guidelines") { Text(circle.guidelines) }
            }
            if let message { Text(message).foregroundStyle(.red) }
            Section {
                Button("Accept and join") {
                    Task {
                        do { try await client.acceptInvitation(circleId: circle.circleId) } catch { message = ErrorText.of(error) }
                    }
                }
                Button("Decline", role: .destructive) {
                    Task {
                        do {
                            try await client.declineInvitation(circleId: circle.circleId)
                            dismiss()
                        } catch { message = ErrorText.of(error) }
                    }
                }
            }
        }
        .navigationTitle("Invitation to \(circle.name)")
    }
}
