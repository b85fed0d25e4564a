import Foundation
import HearthFFI

/// The moderation choices a screen offers, from the same rules the core enforces (and
/// refuses otherwise): facilitators and co-facilitators moderate, only a facilitator acts on a
/// facilitator, everyone mutes others on their own phone. Mirrors Android's `ModerationMenu`.
public enum ModerationMenu {
    public enum MessageAction: String, CaseIterable {
        case removeForEveryone = "Remove for everyone"
        case pin = "Pin"
        case unpin = "Unpin"
        case report = "Report to the facilitators"
        case muteSender = "Mute"
        case unmuteSender = "Unmute"
    }

    public enum MemberAction: String, CaseIterable {
        case pauseHour = "Pause posting for 1 hour"
        case endPause = "End the pause"
        case makeCoFacilitator = "Make co-facilitator"
        case makeMember = "Make member"
        case handOver = "Hand the circle over"
        case remove = "Remove from circle"
        case mute = "Mute"
        case unmute = "Unmute"
    }

    private static func moderates(_ role: Role) -> Bool { role == .facilitator || role == .coFacilitator }

    private static func mayActOn(_ me: Role, _ target: Role?) -> Bool {
        moderates(me) && (target != .facilitator || me == .facilitator)
    }

    public static func forMessage(_ circle: CircleSummary, _ message: CircleMessage, sender: CircleMember?) -> [MessageAction] {
        guard circle.state == .active, message.kind == .text, !message.deleted else { return [] }
        var actions: [MessageAction] = []
        if mayActOn(circle.role, sender?.role) { actions.append(.removeForEveryone) }
        if moderates(circle.role) { actions.append(message.pinned ? .unpin : .pin) }
        if !message.fromMe, message.senderKey != nil {
            actions.append(.report)
            actions.append(message.muted ? .unmuteSender : .muteSender)
        }
        return actions
    }

    public static func forMember(_ circle: CircleSummary, _ member: CircleMember) -> [MemberAction] {
        guard circle.state == .active, !member.isMe else { return [] }
        var actions: [MemberAction] = []
        if mayActOn(circle.role, member.role) {
            actions.append(member.pausedUntilMs != nil ? .endPause : .pauseHour)
            actions.append(.remove)
        }
        if circle.role == .facilitator {
            switch member.role {
            case .member: actions.append(.makeCoFacilitator)
            case .coFacilitator: actions.append(.makeMember)
            case .facilitator: break
            }
            actions.append(.handOver)
        }
        actions.append(member.muted ? .unmute : .mute)
        return actions
    }

    /// Whether the chat shows the guidelines to accept instead of the composer.
    public static func needsAcceptance(_ circle: CircleSummary) -> Bool {
        circle.state == .active && circle.guidelinesAccepted < circle.guidelinesVersion
    }

    /// The line a paused member sees, or nil when they may post.
    public static func pausedNotice(_ circle: CircleSummary, nowMs: Int64) -> String? {
        guard let until = circle.pausedUntilMs, until > nowMs else { return nil }
        let minutes = (until - nowMs + 59_999) / 60_000
        let why = circle.pausedReason.isEmpty ? "" : " “\(circle.pausedReason)”"
        return "A facilitator paused your posting for \(minutes) more minute\(minutes == 1 ? "" : "s").\(why) You can still read."
    }

    /// What a message shows instead of its text once it is gone or muted.
    public static func shownBody(_ message: CircleMessage) -> String {
        if message.removedByFacilitator { return "Removed by a facilitator" }
        if message.deleted { return "Message deleted" }
        if message.muted { return "Muted · hold to unmute" }
        return message.body
    }

    /// Runs a message action.
    public static func perform(_ action: MessageAction, on message: CircleMessage, in circleId: String, client: HearthClient) async throws {
        switch action {
        case .removeForEveryone: try await client.removeMessageForEveryone(circleId: circleId, messageId: message.id)
        case .pin: try await client.pinMessage(circleId: circleId, messageId: message.id, pinned: true)
        case .unpin: try await client.pinMessage(circleId: circleId, messageId: message.id, pinned: false)
        case .report: break // the screen opens the report sheet first
        case .muteSender, .unmuteSender:
            guard let key = message.senderKey else { return }
            try await client.muteMember(circleId: circleId, memberKey: key, muted: action == .muteSender)
        }
    }

    /// Runs a member action.
    public static func perform(_ action: MemberAction, on member: CircleMember, in circleId: String, client: HearthClient) async throws {
        switch action {
        case .pauseHour: try await client.timeOutMember(circleId: circleId, memberKey: member.key, seconds: 3600, reason: "")
        case .endPause: try await client.timeOutMember(circleId: circleId, memberKey: member.key, seconds: 0, reason: "")
        case .makeCoFacilitator: try await client.setRole(circleId: circleId, memberKey: member.key, role: .coFacilitator)
        case .makeMember: try await client.setRole(circleId: circleId, memberKey: member.key, role: .member)
        case .handOver: try await client.handOverCircle(circleId: circleId, memberKey: member.key, stay: .coFacilitator)
        case .remove: try await client.removeMember(circleId: circleId, memberKey: member.key)
        case .mute: try await client.muteMember(circleId: circleId, memberKey: member.key, muted: true)
        case .unmute: try await client.muteMember(circleId: circleId, memberKey: member.key, muted: false)
        }
    }
}
