import Foundation
import HearthFFI

/// What the app shows at launch (the same rules as android/shared's ProfileGate).
public enum Launch {
    case needsOnboarding
    case ready(HearthClient)
    /// The journal exists but cannot be opened; it is never silently replaced.
    case keyUnavailable(KeyProblem)
    case updateRequired
    case damaged
}

public enum KeyProblem { case cannotRead, keyMissing, keyRejected }

/// Opens the profile at launch, or says exactly why it cannot.
public struct ProfileGate {
    public let directory: URL
    let vault = KeychainVault()

    public init(directory: URL) { self.directory = directory }

    public var profileExists: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("profile.db").path)
    }

    public func launch() async -> Launch {
        let key: Data?
        do { key = try vault.load() } catch { return .keyUnavailable(.cannotRead) }
        guard let key else { return profileExists ? .keyUnavailable(.keyMissing) : .needsOnboarding }
        do {
            return .ready(try await openProfileWithKey(dir: directory.path, key: key))
        } catch HearthError.WrongKey {
            return .keyUnavailable(.keyRejected)
        } catch HearthError.ProfileNotFound {
            return .needsOnboarding
        } catch HearthError.UpdateRequired {
            return .updateRequired
        } catch {
            return .damaged
        }
    }

    public func onboard(name: String) async throws -> HearthClient {
        if profileExists { throw HearthError.ProfileExists }
        let key = try vault.load() ?? vault.create()
        try FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try await createProfileWithKey(dir: directory.path, key: key, displayName: name)
    }

    /// Only from the confirmed "start over".
    public func startOver() {
        try? FileManager.default.removeItem(at: directory)
        vault.delete()
    }
}
