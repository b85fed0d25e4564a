import Foundation
import HearthFFI

/// Core events (journal, circles, sync) as an AsyncStream; the subscription is cancelled when the stream ends.
public func hearthEvents(_ client: HearthClient) -> AsyncStream<HearthEvent> {
    AsyncStream(bufferingPolicy: .bufferingNewest(64)) { continuation in
        final class Forwarder: HearthListener, @unchecked Sendable {
            let continuation: AsyncStream<HearthEvent>.Continuation
            init(_ c: AsyncStream<HearthEvent>.Continuation) { continuation = c }
            // Called on a Rust thread: hand over and return at once.
            func onEvent(event: HearthEvent) { continuation.yield(event) }
        }
        do {
            let subscription = try client.subscribe(listener: Forwarder(continuation))
            continuation.onTermination = { _ in subscription.cancel() }
        } catch {
            continuation.finish()
        }
    }
}

extension HearthEvent {
    /// Whether a journal screen should reload: journal records changed, or it must reload
    /// everything. Circle and sync events are for the circle screens.
    public var touchesJournal: Bool {
        switch self {
        case .circleMessage, .circleJoined, .circleInvited, .circleChanged, .circleLeft,
             .circleProblem, .inviteChanged, .joinChanged, .syncStateChanged:
            return false
        default:
            return true
        }
    }

    /// The circle this event is about, if it is a circle event.
    public var circleId: String? {
        switch self {
        case let .circleMessage(circleId, _), let .circleJoined(circleId),
             let .circleInvited(circleId), let .circleChanged(circleId), let .circleLeft(circleId),
             let .circleProblem(circleId, _, _), let .inviteChanged(_, circleId),
             let .circleReports(circleId):
            return circleId
        default:
            return nil
        }
    }
}

extension HearthEvent {
    /// Whether this phone's joins by code may have moved on (the join list reloads).
    public var touchesJoins: Bool {
        switch self {
        case .joinChanged, .circleJoined, .missed: return true
        default: return false
        }
    }
}
