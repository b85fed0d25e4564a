//! The tokio runtime each client owns, and the one way work reaches it: [`Runtime::run`]
//! moves a blocking core call onto the runtime's blocking pool and turns a panic there into
//! [`HearthError::Internal`].
//!
//! The futures uniffi hands to Kotlin, Swift and Python only await a join handle, so they can
//! be polled by any executor (coroutines, Swift tasks, asyncio).

use crate::error::HearthError;

/// Threads that run core calls. The core holds one connection, so more would only queue.
const BLOCKING_THREADS: usize = 2;

/// A runtime that shuts down without blocking when its client is dropped.
pub(crate) struct Runtime {
    // `Option` only so `Drop` can take it and shut it down in the background: dropping a
    // runtime the ordinary way blocks, and panics if it happens on a runtime thread.
    inner: Option<tokio::runtime::Runtime>,
}

impl Runtime {
    pub(crate) fn new() -> Result<Runtime, HearthError> {
        let inner = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(BLOCKING_THREADS)
            .thread_name("hearth")
            // Sync with the relay needs timers (backoff, polling) and sockets.
            .enable_all()
            .build()
            .map_err(|_| HearthError::internal("could not start the runtime"))?;
        Ok(Runtime { inner: Some(inner) })
    }

    pub(crate) fn handle(&self) -> Result<&tokio::runtime::Handle, HearthError> {
        self.inner
            .as_ref()
            .map(tokio::runtime::Runtime::handle)
            .ok_or(HearthError::Closed)
    }

    /// Runs `work` on the blocking pool and waits for it without blocking the caller's thread.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, HearthError>
    where
        T: Send + 'static,
        F: FnOnce() -> hearth_core::Result<T> + Send + 'static,
    {
        joined(self.handle()?.spawn_blocking(work).await)
    }

    /// Runs asynchronous core work (sync with the relay) on the runtime and waits for it.
    pub(crate) async fn run_async<T, F>(&self, work: F) -> Result<T, HearthError>
    where
        T: Send + 'static,
        F: std::future::Future<Output = hearth_core::Result<T>> + Send + 'static,
    {
        joined(self.handle()?.spawn(work).await)
    }
}

/// A finished task's answer; a panic becomes `Internal`.
fn joined<T>(
    outcome: Result<hearth_core::Result<T>, tokio::task::JoinError>,
) -> Result<T, HearthError> {
    match outcome {
        Ok(result) => result.map_err(HearthError::from),
        // The panic message may quote user data, so it is not passed on.
        Err(e) if e.is_panic() => Err(HearthError::internal("a core call panicked")),
        Err(_) => Err(HearthError::internal("a core call was cancelled")),
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            inner.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        // A separate executor, as the app's would be.
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_panic_in_a_core_call_becomes_an_internal_error() {
        let rt = Runtime::new().unwrap();
        let out: Result<(), _> = block_on(rt.run(|| panic!("secret note text")));
        match out {
            Err(HearthError::Internal { detail }) => {
                assert_eq!(detail, "a core call panicked");
                assert!(!detail.contains("secret"));
            }
            other => panic!("expected Internal, got {other:?}"),
        }
        // The runtime is still usable afterwards.
        assert_eq!(block_on(rt.run(|| Ok(7))).unwrap(), 7);
    }

    #[test]
    fn a_panic_in_asynchronous_work_becomes_an_internal_error() {
        let rt = Runtime::new().unwrap();
        let out: Result<(), _> = block_on(rt.run_async(async { panic!("secret text") }));
        assert!(
            matches!(out, Err(HearthError::Internal { detail }) if detail == "a core call panicked")
        );
        assert_eq!(block_on(rt.run_async(async { Ok(7) })).unwrap(), 7);
    }

    #[test]
    fn core_errors_arrive_typed() {
        let rt = Runtime::new().unwrap();
        let out: Result<(), _> = block_on(rt.run(|| Err(hearth_core::Error::WrongKey)));
        assert!(matches!(out, Err(HearthError::WrongKey)));
    }

    #[test]
    fn dropping_the_runtime_on_one_of_its_own_threads_does_not_panic() {
        let rt = std::sync::Arc::new(Runtime::new().unwrap());
        let inside = rt.clone();
        let handle = rt.handle().unwrap().clone();
        drop(rt);
        // The last reference goes away on a runtime thread.
        block_on(async move {
            handle.spawn_blocking(move || drop(inside)).await.unwrap();
        });
    }
}
