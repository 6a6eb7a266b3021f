//! Bounds on what the server does at once, so that no caller can exhaust memory, threads or
//! file descriptors: expensive work (password hashing, database connections, unauthenticated
//! bodies) takes permits from a [`Gate`]; what finds none waits, at most a bounded time, and
//! is then refused with ThrottlingException (429), which every AWS SDK retries with backoff.
//! docs/rules.md, section *Limits*, lists the gates and their sizes.
use crate::error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long work waits for a permit before it is refused.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// A number of permits shared by every request, and how long one waits for them.
#[derive(Debug, Clone)]
pub struct Gate {
    permits: Arc<Semaphore>,
    size: usize,
    wait: Duration,
    /// What the permits are for, in the refusal's message ("password hashing").
    what: &'static str,
}

impl Gate {
    pub fn new(what: &'static str, size: usize, wait: Duration) -> Gate {
        let size = size.clamp(1, Semaphore::MAX_PERMITS);
        Gate { permits: Arc::new(Semaphore::new(size)), size, wait, what }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// One permit, or ThrottlingException after the gate's wait.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.enter_many(1).await
    }

    /// `n` permits at once (more than the gate holds: all of them).
    pub async fn enter_many(&self, n: usize) -> Result<OwnedSemaphorePermit, ApiError> {
        let n = n.clamp(1, self.size) as u32;
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_many_owned(n)).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(throttled(self.what)),
        }
    }

    /// `n` permits if they are free right now.
    pub fn try_enter_many(&self, n: usize) -> Option<OwnedSemaphorePermit> {
        self.permits.clone().try_acquire_many_owned(n.clamp(1, self.size) as u32).ok()
    }

    /// Permits in use now (tests and diagnostics).
    pub fn in_use(&self) -> usize {
        self.size - self.permits.available_permits()
    }
}

/// The refusal of work the server is too busy for: retryable, as AWS's own throttling is.
pub fn throttled(what: &str) -> ApiError {
    ApiError::new("ThrottlingException", format!("Rate exceeded: too many requests are waiting for {what}; retry later"))
}

/// Work that may run at once on the machine's cores: at most `cap`, at least one.
pub fn cores(cap: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_full_gate_throttles_after_its_wait() {
        let gate = Gate::new("tests", 2, Duration::from_secs(10));
        let a = gate.enter().await.unwrap();
        let _b = gate.enter().await.unwrap();
        assert_eq!(gate.in_use(), 2);
        let e = gate.enter().await.unwrap_err();
        assert_eq!((e.code, e.status), ("ThrottlingException", 429));
        drop(a);
        assert!(gate.enter().await.is_ok());
        assert!(gate.enter_many(100).await.is_err(), "asking for more than the gate holds waits for all of it");
    }
}
