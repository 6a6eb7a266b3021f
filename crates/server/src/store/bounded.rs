//! A bound on how long one store call may take, retries included: past it the call fails
//! with [`StoreError::Transient`] (InternalServiceException to the client, which SDKs
//! retry) instead of waiting on a database that does not answer. PostgreSQL gets it
//! (`--database-timeout`): a database that is stopped refuses connections at once, but one
//! behind a dead network, or stopped with SIGSTOP, would otherwise hold requests forever.
//! Exports and restores are not bounded: they are as long as the data.
use super::{Condition, Key, Kind, Limit, ListQuery, Record, Store, StoreError, UpdateFn};
use async_trait::async_trait;
use std::future::Future;
use std::time::Duration;

pub struct Bounded<S> {
    pub inner: S,
    pub timeout: Duration,
    /// The database, for the message.
    pub target: String,
}

impl<S: Store> Bounded<S> {
    async fn bound<T>(&self, call: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(answer) => answer,
            Err(_) => {
                let detail = format!("the database at {} did not answer within {} s", self.target, self.timeout.as_secs_f64());
                Err(StoreError::Transient { detail, at_commit: false })
            }
        }
    }
}

#[async_trait]
impl<S: Store> Store for Bounded<S> {
    async fn insert_limited(&self, records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError> {
        self.bound(self.inner.insert_limited(records, limits)).await
    }
    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        self.bound(self.inner.get(key)).await
    }
    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        self.bound(self.inner.update(key, f)).await
    }
    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        self.bound(self.inner.delete(key)).await
    }
    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        self.bound(self.inner.delete_if(key, condition)).await
    }
    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError> {
        self.bound(self.inner.list(query)).await
    }
    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        self.bound(self.inner.count_referrers(targets, from)).await
    }
    async fn ready(&self) -> Result<(), StoreError> {
        self.bound(self.inner.ready()).await
    }
    async fn dump(&self) -> Result<crate::store::RecordStream, StoreError> {
        self.inner.dump().await
    }
    async fn restore(&self, records: crate::store::RecordStream, replace: bool) -> Result<(), StoreError> {
        self.inner.restore(records, replace).await
    }
}
