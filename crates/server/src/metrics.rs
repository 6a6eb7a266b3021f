//! `GET /metrics`: the Prometheus text format, from the `prometheus` crate.
//!
//! One set of metrics per process ([`metrics`]): the protocol layer counts requests and
//! their latency, the store wrapper ([`MeteredStore`]) times every store operation, the
//! emulator counts the faults it injects, and the connection loop keeps the open-connection
//! gauge.
use crate::store::{Condition, Key, Kind, Limit, ListQuery, Record, Store, StoreError, UpdateFn};
use async_trait::async_trait;
use prometheus::{Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub struct Metrics {
    registry: Registry,
    /// API requests answered, by operation (`-` when none was routed) and HTTP status.
    pub requests: IntCounterVec,
    /// Seconds from a request's arrival to its answer, by operation.
    pub latency: HistogramVec,
    /// Seconds a store operation took, by store operation (get, list, insert, …).
    pub store_latency: HistogramVec,
    /// Requests answered with ThrottlingException, whatever the cause (the emulated rate,
    /// a busy resource, or an injected fault, which `injected_faults` counts as well).
    pub throttled: IntCounter,
    /// Faults injected by `--fault-rate`, by error code.
    pub injected_faults: IntCounterVec,
    /// Connections open now.
    pub connections: IntGauge,
}

/// Request latency buckets, in seconds: from a cached read to a slow password hash.
const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

impl Metrics {
    fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(Opts::new("switchboard_requests_total", "API requests answered, by operation and HTTP status"), &["operation", "status"]).unwrap();
        let latency = HistogramVec::new(
            HistogramOpts::new("switchboard_request_duration_seconds", "Time from a request's arrival to its answer, by operation").buckets(LATENCY_BUCKETS.to_vec()),
            &["operation"],
        )
        .unwrap();
        let store_latency = HistogramVec::new(
            HistogramOpts::new("switchboard_store_operation_duration_seconds", "Time a store operation took, by store operation").buckets(LATENCY_BUCKETS.to_vec()),
            &["operation"],
        )
        .unwrap();
        let throttled = IntCounter::new("switchboard_throttled_requests_total", "Requests answered with ThrottlingException").unwrap();
        let injected_faults = IntCounterVec::new(Opts::new("switchboard_injected_faults_total", "Faults injected by --fault-rate, by error code"), &["code"]).unwrap();
        let connections = IntGauge::new("switchboard_open_connections", "Client connections open now").unwrap();
        let build = IntGaugeVec::new(Opts::new("switchboard_build_info", "The running build (always 1)"), &["version"]).unwrap();
        build.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(store_latency.clone()),
            Box::new(throttled.clone()),
            Box::new(injected_faults.clone()),
            Box::new(connections.clone()),
            Box::new(build),
        ] {
            registry.register(c).expect("metric names are unique");
        }
        Metrics { registry, requests, latency, store_latency, throttled, injected_faults, connections }
    }

    /// Records one answered API request.
    pub fn request(&self, operation: &str, status: u16, error_code: Option<&str>, seconds: f64) {
        self.requests.with_label_values(&[operation, &status.to_string()]).inc();
        self.latency.with_label_values(&[operation]).observe(seconds);
        if error_code == Some("ThrottlingException") {
            self.throttled.inc();
        }
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        prometheus::TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("text encoding cannot fail");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

/// Counts one open connection until dropped.
pub struct OpenConnection(());

impl OpenConnection {
    pub fn new() -> OpenConnection {
        metrics().connections.inc();
        OpenConnection(())
    }
}

impl Default for OpenConnection {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        metrics().connections.dec();
    }
}

/// A store whose every operation is timed into `switchboard_store_operation_duration_seconds`.
pub struct MeteredStore {
    pub inner: Arc<dyn Store>,
}

fn timer(operation: &str) -> Histogram {
    metrics().store_latency.with_label_values(&[operation])
}

async fn timed<T>(operation: &str, f: impl std::future::Future<Output = T>) -> T {
    let started = Instant::now();
    let out = f.await;
    timer(operation).observe(started.elapsed().as_secs_f64());
    out
}

#[async_trait]
impl Store for MeteredStore {
    async fn insert(&self, records: Vec<Record>) -> Result<(), StoreError> {
        timed("insert", self.inner.insert(records)).await
    }

    async fn insert_limited(&self, records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError> {
        timed("insert", self.inner.insert_limited(records, limits)).await
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        timed("get", self.inner.get(key)).await
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        timed("update", self.inner.update(key, f)).await
    }

    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        timed("delete", self.inner.delete(key)).await
    }

    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        timed("delete", self.inner.delete_if(key, condition)).await
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError> {
        timed("list", self.inner.list(query)).await
    }

    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        timed("count_referrers", self.inner.count_referrers(targets, from)).await
    }

    async fn dump(&self) -> Result<crate::store::RecordStream, StoreError> {
        timed("dump", self.inner.dump()).await
    }

    async fn restore(&self, records: crate::store::RecordStream, replace: bool) -> Result<(), StoreError> {
        timed("restore", self.inner.restore(records, replace)).await
    }

    async fn ready(&self) -> Result<(), StoreError> {
        self.inner.ready().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_operation_and_status() {
        let m = Metrics::new();
        m.request("CreateUser", 200, None, 0.01);
        m.request("CreateUser", 429, Some("ThrottlingException"), 0.001);
        let text = m.render();
        assert!(text.contains(r#"switchboard_requests_total{operation="CreateUser",status="200"} 1"#), "{text}");
        assert!(text.contains(r#"switchboard_requests_total{operation="CreateUser",status="429"} 1"#), "{text}");
        assert!(text.contains("switchboard_throttled_requests_total 1"), "{text}");
        assert!(text.contains(r#"switchboard_request_duration_seconds_count{operation="CreateUser"} 2"#), "{text}");
        assert!(text.contains(r#"switchboard_build_info{version=""#), "{text}");
    }
}
