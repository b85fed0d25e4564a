import Foundation
import HearthFFI

/// What the invite screens say about a code or a join; the same wording as Android's
/// `InviteText`.
public enum InviteText {
    /// One line under a code in the facilitator's list.
    public static func state(_ invite: Invite, now: Date = Date()) -> String {
        let who = invite.inviteeName ?? "Someone"
        switch invite.state {
        case .open:
            return invite.published
                ? "Open · works once, until \(Formatting.messageTime(invite.expiresAtMs, now: now))"
                : "Open · reaches the relay at the next sync"
        case .claimed: return "\(who) used it · letting them in…"
        case .waitingForApproval: return "\(who) is waiting for your answer"
        case .used: return "Used by \(who)"
        case .declined: return "You declined \(who)"
        case .failed: return "Someone entered it wrongly, so it no longer works. Make a new one if you still need it."
        case .expired: return "Expired unused"
        case .revoked: return "Withdrawn"
        }
    }

    /// Where joining by a code stands, for the person joining.
    public static func state(_ join: InviteJoin) -> String {
        switch join.state {
        case .sending: return "Sending your request…"
        case .waitingForFacilitator:
            return "Waiting for the facilitator to let you in. It happens when their phone is next online."
        case .joined: return "You're in."
        case .declined: return "The facilitator did not let you in with this code."
        case .codeDidNotWork: return "This code did not work. Check it with your facilitator, or ask for a new one."
        case .unavailable:
            return "This code can't be used: it expired, was already used, or was withdrawn. Ask your facilitator for a new one."
        }
    }

    /// The four words to compare in person, once both phones have them.
    public static func words(_ words: String?) -> String? {
        words.map { "Compare these words with each other when you next meet: \($0)" }
    }

    /// What the share sheet sends: the link (a tap opens Hearth) and the code to type.
    public static func shareMessage(_ invite: Invite, now: Date = Date()) -> String? {
        guard let code = invite.code, let link = invite.link else { return nil }
        let until = Formatting.messageTime(invite.expiresAtMs, now: now)
        return "You're invited to a circle on Hearth. Open \(link) on your phone, or enter the code \(code) "
            + "in Hearth. It works once, until \(until). Please keep it to yourself."
    }

    /// Why a code being typed cannot be right, or nil while it may still be (half a code is
    /// not a mistake yet) or once it checks out; the same rule as Android's `JoinForm`.
    public static func problem(typed: String) -> String? {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try checkInviteCode(code: text)
            return nil
        } catch let HearthError.InvalidInput(_, reason) {
            let characters = (text.split(separator: "#").last.map(String.init) ?? text).filter { $0.isLetter || $0.isNumber }.count
            let plain = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " }
            if characters < 14 && plain { return nil }
            return reason.prefix(1).uppercased() + reason.dropFirst()
        } catch {
            return ErrorText.of(error)
        }
    }
}
