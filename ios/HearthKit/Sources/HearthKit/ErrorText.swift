import Foundation
import HearthFFI

/// What to tell the person when a call fails. Never includes their data; the same wording as
/// Android's `ErrorText`.
public enum ErrorText {
    /// A short, kind message for `error`.
    public static func of(_ error: Error) -> String {
        guard let error = error as? HearthError else {
            return "Something went wrong in Hearth. Nothing you wrote was shared."
        }
        switch error {
        case let .InvalidInput(field, reason):
            return "Please check \(humanField(field)): \(reason)."
        case .NotFound: return "This was deleted. The list has been refreshed."
        case .Busy: return "Hearth is busy for a moment. Please try again."
        case .StorageFull: return "Your phone is out of storage. Nothing was lost; free some space and try again."
        case .BackupWrongPassphrase: return "That passphrase does not open this backup."
        case .BackupDamaged: return "This backup file is damaged or incomplete. Nothing was imported."
        case .BackupUnsupportedVersion: return "This backup was made by a newer Hearth. Please update the app."
        case .UpdateRequired: return "Your journal was saved by a newer Hearth. Please update the app."
        case .Corrupt: return "Part of your journal is damaged. You can restore it from a backup."
        case .Closed: return "Your journal is locked. Unlock it to continue."
        case .WrongKey: return "Hearth could not unlock your journal."
        case .NotPermitted: return "Your role in this circle doesn't allow that."
        case .NotAMember: return "You're no longer in this circle. Its history stays on this phone."
        case .RoleViolation: return "A change to this circle broke its rules and was not applied."
        case .MessageRejected: return "A message in this circle could not be read."
        case .GuidelinesNotAccepted: return "Please read and accept this circle's guidelines before posting."
        case .TimedOut: return "A facilitator paused your posting for a while. You can still read."
        case let .HeldByRule(_, explanation, untilMs):
            // The same words as Android's `RulesText.held`.
            var text = "Not sent: this circle's rules hold it back. \u{201C}\(explanation)\u{201D} Your words are still here to change."
            if let until = untilMs {
                let minutes = max(1, (until - Int64(Date().timeIntervalSince1970 * 1000) + 59_999) / 60_000)
                text += " You can post again in \(minutes) minute\(minutes == 1 ? "" : "s")."
            }
            return text
        case .CircleClosed: return "This circle was closed by its facilitator. Its history stays on this phone."
        case .DirectoryNotTrusted: return "This circle directory isn't signed by the organisation's key, so none of it is shown. Check the key with them."
        case .Network: return "Can't reach the relay right now. Nothing is lost; Hearth will keep trying."
        case let .RelayBusy(retryAfterS):
            return "The relay is busy. Hearth tries again in \(retryAfterS) s; nothing is lost."
        case .StaleEpoch: return "The circle changed while this was sending. Hearth is catching up and will send it."
        case .Conflict: return "The relay already has this."
        case .KeyPackageNotTheirs: return "That device could not be verified, so it was not added. Try adding it again later."
        case let .RelayRefused(code): return "The relay refused this (\(code))."
        case .AmbiguousId: return "More than one item matches. Please choose one."
        case .EncryptionUnavailable, .ProfileNotFound, .ProfileExists, .Storage, .File, .Internal:
            return "Something went wrong in Hearth. Nothing you wrote was shared."
        }
        }
    }

    private static func humanField(_ field: String) -> String {
        switch field {
        case "code": return "the code"
        case "expires": return "how long the code lasts"
        case "display name": return "your name"
        default: return field.replacingOccurrences(of: "_", with: " ")
        }
    }
}
