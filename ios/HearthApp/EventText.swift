import HearthKit

/// A circle's system events in English, worded from the records the core keeps (a translation
/// is one more function like this). Every event by name, so a new one fails to compile until
/// it has its words. Not compiled on the machines that built this (no Swift toolchain).
enum EventText {
    static func of(_ event: CircleEvent) -> String {
        switch event {
        case .created: return "You created the circle."
        case .youJoined: return "You joined. Messages sent before you joined cannot be read."
        case let .joined(who): return "\(who) joined. They can't read what was sent before."
        case let .left(who):
            if case .you = who { return "You left the circle." }
            return "\(name(who)) left the circle."
        case let .removed(who):
            if case .you = who { return "You were removed from the circle." }
            return "\(name(who)) was removed from the circle."
        case let .renamed(newName): return "The circle was renamed to “\(newName)”."
        case .descriptionChanged: return "The circle's description changed."
        case let .guidelinesChanged(version): return "The guidelines changed (version \(version))."
        case let .roleGiven(who, role): return "\(name(who)) \(verb(who)) now \(roleName(role))."
        case let .roleEnded(who, role): return "\(name(who)) \(verb(who)) no longer \(roleName(role))."
        case let .disappearingOn(afterS): return "Messages now disappear \(duration(afterS)) after they arrive."
        case .disappearingOff: return "Messages no longer disappear."
        case let .meetingScheduled(title): return "A meeting was scheduled: \(title)."
        case let .meetingCancelled(title): return "A meeting was cancelled: \(title)."
        case .closed: return "The facilitator closed this circle."
        case let .talkEnded(who):
            if case .you = who { return "You ended this talk." }
            return "\(name(who)) ended this talk."
        case let .membersMayTalk(allowed):
            return allowed ? "Members can now ask each other for a private talk."
                : "Only facilitators can now be asked for a private talk."
        case let .rulesChanged(count):
            switch count {
            case 0: return "The facilitator turned off the circle's rules."
            case 1: return "The facilitator set one rule for posts."
            default: return "The facilitator set \(count) rules for posts."
            }
        case let .changeDropped(why):
            switch why {
            case .notPermitted: return "A change could not be made: your role no longer allows it."
            case .noLongerThere: return "A change could not be made: who it was about is no longer in the circle."
            case .refused: return "A change could not be made: the circle's rules refused it."
            case .noInvitationKeys: return "A member could not be added: their device has no invitation keys at the relay."
            case .keysNotTheirs: return "A member could not be added: the relay's copy of their device's invitation keys was not signed by their device."
            case .unknown: return "A change could not be made."
            }
        case let .notDelivered(what):
            switch what {
            case .invitation: return "A new member's invitation could not be delivered."
            case .message: return "A message could not be sent."
            case .change: return "A change to the circle was refused by the relay."
            }
        case let .codeFailed(nameplate):
            return "Someone tried invite code \(nameplate) with a wrong secret, so the code no longer works. If it was a typo, make a new code."
        case let .legacy(text): return text
        }
    }

    private static func name(_ who: EventPerson) -> String {
        switch who {
        case .you: return "You"
        case let .member(name): return name
        }
    }

    private static func verb(_ who: EventPerson) -> String {
        if case .you = who { return "are" }
        return "is"
    }

    private static func roleName(_ role: Role) -> String {
        switch role {
        case .facilitator: return "a facilitator"
        case .coFacilitator: return "a co-facilitator"
        case .member: return "a member"
        }
    }

    /// "1 hour", "7 days".
    static func duration(_ seconds: UInt64) -> String {
        let (n, unit): (UInt64, String) = seconds % 86_400 == 0 ? (seconds / 86_400, "day")
            : seconds % 3_600 == 0 ? (seconds / 3_600, "hour") : ((seconds + 59) / 60, "minute")
        return "\(n) \(unit)\(n == 1 ? "" : "s")"
    }
}
