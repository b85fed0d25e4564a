import Foundation
import Security

/// The database key: 32 random bytes in the Keychain, readable only on this device after its
/// first unlock (`AfterFirstUnlockThisDeviceOnly`), never synced or restored to another phone.
public struct KeychainVault {
    public enum Failure: Error { case unavailable(OSStatus), randomness }

    private let account = "hearth.database-key"
    public init() {}

    private var query: [String: Any] {
        [kSecClass as String: kSecClassGenericPassword,
         kSecAttrService as String: "org.hearth.app",
         kSecAttrAccount as String: account]
    }

    /// The stored key, or nil when none was ever stored. Throws when the Keychain refuses.
    public func load() throws -> Data? {
        var q = query
        q[kSecReturnData as String] = true
        var item: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let data = item as? Data, data.count == 32 else {
            throw Failure.unavailable(status)
        }
        return data
    }

    /// Makes and stores a new key.
    public func create() throws -> Data {
        var key = Data(count: 32)
        let ok = key.withUnsafeMutableBytes { SecRandomCopyBytes(kSecRandomDefault, 32, $0.baseAddress!) }
        guard ok == errSecSuccess else { throw Failure.randomness }
        var q = query
        q[kSecValueData as String] = key
        q[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(q as CFDictionary, nil)
        guard status == errSecSuccess else { throw Failure.unavailable(status) }
        return key
    }

    /// Forgets the key (only on the person's confirmed "start over").
    public func delete() { SecItemDelete(query as CFDictionary) }
}
