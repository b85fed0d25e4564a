import Foundation
import LocalAuthentication

/// Locks at launch and after 30 s in the background; unlocks with Face ID, Touch ID or the
/// device passcode. Uses uptime, so changing the clock cannot skip the lock.
@MainActor
public final class AppLock: ObservableObject {
    @Published public private(set) var isLocked = true
    private var backgroundedAt: TimeInterval?
    private let timeout: TimeInterval

    public init(timeout: TimeInterval = 30) { self.timeout = timeout }

    public func didEnterBackground() { if !isLocked { backgroundedAt = ProcessInfo.processInfo.systemUptime } }

    public func willEnterForeground() {
        if let since = backgroundedAt, ProcessInfo.processInfo.systemUptime - since > timeout { isLocked = true }
        backgroundedAt = nil
    }

    public func lockNow() { isLocked = true; backgroundedAt = nil }

    public func unlock() async {
        let context = LAContext()
        let ok = (try? await context.evaluatePolicy(.deviceOwnerAuthentication, localizedReason: "Unlock your journal")) ?? false
        if ok { isLocked = false }
    }
}
