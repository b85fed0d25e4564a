import Foundation
import HearthFFI

/// The moderation choices a screen offers, as the core decides them (`messageActions`,
/// `memberActions`), with their words, and the chat's other wording. Mirrors Android's
/// `ModerationMenu`.
public enum ModerationMenu {
    /// The words for a message action.
    public static func label(_ action: MessageAction) -> String {
        switch action {
        case .reply: return "Reply"
        case .removeForEveryone: return "Remove for everyone"
        case .pin: return "Pin"
        case .unpin: return "Unpin"
        case .report: return "Report to the facilitators"
        case .muteSender: return "Mute"
        case .unmuteSender: return "Unmute"
        }
    }

    /// The words for a member action.
    public static func label(_ action: MemberAction) -> String {
        switch action {
        case .pauseHour: return "Pause posting for 1 hour"
        case .endPause: return "End the pause"
        case .makeCoFacilitator: return "Make co-facilitator"
        case .makeMember: return "Make member"
        case .handOver: return "Hand the circle over"
        case .remove: return "Remove from circle"
        case .mute: return "Mute"
        case .unmute: return "Unmute"
        }
    }

    /// The choices a message's menu offers besides replying (which the menu shows apart).
    public static func forMessage(_ circle: CircleSummary, _ message: CircleMessage, sender: CircleMember?) -> [MessageAction] {
        messageActions(circle: circle, message: message, sender: sender).filter { $0 != .reply }
    }

    /// The choices a member's row offers.
    public static func forMember(_ circle: CircleSummary, _ member: CircleMember) -> [MemberAction] {
        memberActions(circle: circle, member: member, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
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
        case .reply, .report: break // the screen opens the composer's reply line or the report sheet
        case .removeForEveryone: try await client.removeMessageForEveryone(circleId: circleId, messageId: message.id)
        case .pin: try await client.pinMessage(circleId: circleId, messageId: message.id, pinned: true)
        case .unpin: try await client.pinMessage(circleId: circleId, messageId: message.id, pinned: false)
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
