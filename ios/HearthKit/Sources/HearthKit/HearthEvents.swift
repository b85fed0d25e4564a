import Foundation
import HearthFFI

/// Journal events as an AsyncStream; the subscription is cancelled when the stream ends.
public func journalEvents(_ client: HearthClient) -> AsyncStream<JournalEvent> {
    AsyncStream(bufferingPolicy: .bufferingNewest(64)) { continuation in
        final class Forwarder: JournalListener, @unchecked Sendable {
            let continuation: AsyncStream<JournalEvent>.Continuation
            init(_ c: AsyncStream<JournalEvent>.Continuation) { continuation = c }
            // Called on a Rust thread: hand over and return at once.
            func onEvent(event: JournalEvent) { continuation.yield(event) }
        }
        do {
            let subscription = try client.subscribe(listener: Forwarder(continuation))
            continuation.onTermination = { _ in subscription.cancel() }
        } catch {
            continuation.finish()
        }
    }
}
