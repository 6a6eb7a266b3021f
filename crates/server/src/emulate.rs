//! Emulation of what real Amazon Connect does to its clients, so that their retry and
//! back-off logic can be tested here. All off by default:
//!
//! * `--throttle aws` (or `RATE/BURST`): a token bucket per (account, Region, operation), as
//!   Connect throttles (2 requests/s, burst 5, per account and Region, per API); over it, `429
//!   ThrottlingException: Rate exceeded`.
//! * `--quotas aws[,name=N…]`: Connect's default resource quotas (users per instance, …),
//!   counted inside the store's write transaction so that racing creates cannot overshoot
//!   ([`QuotaStore`]); past one, `LimitExceededException` (or `ServiceQuotaExceededException`
//!   for CreateInstance, whose error list has no LimitExceededException).
//! * `--fault-rate P`: a random fraction P of API requests fails with `500
//!   InternalServiceException` or `429 ThrottlingException` before anything is changed.
//!
//! The numbers and their sources are in docs/rules.md ("Emulation").
use crate::error::ApiError;
use crate::store::{arn_region, Condition, Key, Kind, Limit, ListQuery, Record, Store, StoreError, UpdateFn};
use async_trait::async_trait;
use rand::Rng;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Request-rate throttling: `rate` requests per second sustained, `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throttle {
    pub rate: f64,
    pub burst: f64,
}

impl Throttle {
    /// Connect's published default for every user-management operation: a RateLimit of 2
    /// requests per second and a BurstLimit of 5, per account and per API.
    pub const AWS: Throttle = Throttle { rate: 2.0, burst: 5.0 };
}

impl FromStr for Throttle {
    type Err = String;

    /// `aws`, or `RATE/BURST` (e.g. `50/100`; RATE may be fractional, BURST ≥ 1).
    fn from_str(s: &str) -> Result<Throttle, String> {
        if s.eq_ignore_ascii_case("aws") {
            return Ok(Throttle::AWS);
        }
        let bad = || format!("'{s}' is not a throttle: use 'aws' or RATE/BURST (requests per second / burst), e.g. 50/100");
        let (rate, burst) = s.split_once('/').ok_or_else(bad)?;
        let rate: f64 = rate.trim().parse().map_err(|_| bad())?;
        let burst: f64 = burst.trim().parse().map_err(|_| bad())?;
        if !(rate.is_finite() && rate > 0.0 && burst.is_finite() && burst >= 1.0) {
            return Err(bad());
        }
        Ok(Throttle { rate, burst })
    }
}

/// Connect's default resource quotas, by name. Source: the Amazon Connect Administrator
/// Guide, "Amazon Connect service quotas" (defaults for new accounts); see docs/rules.md.
pub const AWS_QUOTAS: &[(&str, Kind, u64, &str)] = &[
    ("instances-per-account", Kind::Instance, 2, "Amazon Connect instances per account"),
    ("users-per-instance", Kind::User, 500, "Users per instance"),
    ("security-profiles-per-instance", Kind::SecurityProfile, 100, "Security profiles per instance"),
    ("routing-profiles-per-instance", Kind::RoutingProfile, 100, "Routing profiles per instance"),
    ("queues-per-instance", Kind::Queue, 50, "Queues per instance"),
    ("hours-of-operation-per-instance", Kind::HoursOfOperation, 100, "Hours of operation per instance"),
    ("hierarchy-groups-per-instance", Kind::HierarchyGroup, 500, "User hierarchy groups per instance"),
    ("agent-statuses-per-instance", Kind::AgentStatus, 50, "Agent statuses per instance"),
];

/// Resource quotas in force: the most records of a kind an instance (or, for instances, an
/// account) may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotas {
    max: HashMap<Kind, u64>,
}

impl Quotas {
    pub fn aws() -> Quotas {
        Quotas { max: AWS_QUOTAS.iter().map(|(_, kind, n, _)| (*kind, *n)).collect() }
    }

    pub fn max(&self, kind: Kind) -> Option<u64> {
        self.max.get(&kind).copied()
    }

    /// The limits a write of `records` must respect: one per (scope, kind) among them.
    fn limits(&self, records: &[Record]) -> Vec<Limit> {
        let mut out: Vec<Limit> = Vec::new();
        for rec in records {
            let Some(max) = self.max(rec.key.kind) else { continue };
            let k = &rec.key;
            // Instances count per Region: the quota is the account's in each Region (AWS
            // service quotas are Region-specific unless noted otherwise; see docs/rules.md).
            let region = (k.kind == Kind::Instance).then(|| arn_region(&rec.body).unwrap_or_default().to_string());
            if out.iter().any(|l| l.kind == k.kind && l.account == k.account && l.instance == k.instance && l.region == region) {
                continue;
            }
            let (_, _, _, title) = AWS_QUOTAS.iter().find(|(_, kind, _, _)| *kind == k.kind).expect("every quota has a name");
            let error = if let Some(region) = &region {
                ApiError::new(
                    "ServiceQuotaExceededException",
                    format!("The service quota has been exceeded: {title} is {max} for account {} in {region}", k.account),
                )
            } else {
                ApiError::new(
                    "LimitExceededException",
                    format!("The allowed limit for the resource has been exceeded: {title} is {max} for instance {}", k.instance),
                )
            };
            out.push(Limit { account: k.account.clone(), instance: k.instance.clone(), kind: k.kind, region, max, error });
        }
        out
    }
}

impl FromStr for Quotas {
    type Err = String;

    /// `aws`, optionally followed by raised (or lowered) quotas, as an account whose quota
    /// increases were granted has them: `aws,users-per-instance=2000,instances-per-account=5`.
    fn from_str(s: &str) -> Result<Quotas, String> {
        let mut parts = s.split(',').map(str::trim);
        if !parts.next().is_some_and(|p| p.eq_ignore_ascii_case("aws")) {
            return Err(format!("'{s}' is not a quota setting: use 'aws', optionally followed by ,NAME=N (e.g. aws,users-per-instance=2000)"));
        }
        let mut quotas = Quotas::aws();
        for part in parts {
            let names = || AWS_QUOTAS.iter().map(|q| q.0).collect::<Vec<_>>().join(", ");
            let (name, n) = part.split_once('=').ok_or_else(|| format!("'{part}' should be NAME=N, NAME one of {}", names()))?;
            let (_, kind, _, _) =
                AWS_QUOTAS.iter().find(|q| q.0 == name.trim()).ok_or_else(|| format!("no quota is named '{name}': the names are {}", names()))?;
            let n: u64 = n.trim().parse().map_err(|_| format!("the quota {name} must be a whole number, not '{n}'"))?;
            quotas.max.insert(*kind, n);
        }
        Ok(quotas)
    }
}

/// What `serve` was asked to emulate.
#[derive(Debug, Clone, Default)]
pub struct Emulation {
    pub throttle: Option<Throttle>,
    pub quotas: Option<Quotas>,
    /// Fraction of API requests answered with a fault, 0 ≤ P ≤ 1.
    pub fault_rate: f64,
}

/// Parses a fault rate: a number from 0 to 1.
pub fn parse_fault_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("the fault rate is a fraction from 0 to 1 (e.g. 0.2), not '{s}'")),
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The per-request side of emulation: throttling and faults, checked after the caller is
/// authenticated (throttles are per account and Region) and before the operation runs.
pub struct Emulator {
    throttle: Option<Throttle>,
    fault_rate: f64,
    /// Per (account, Region, operation).
    buckets: Mutex<HashMap<(String, String, &'static str), Bucket>>,
}

impl Emulator {
    pub fn new(emulation: &Emulation) -> Emulator {
        Emulator { throttle: emulation.throttle, fault_rate: emulation.fault_rate, buckets: Mutex::new(HashMap::new()) }
    }

    /// Nothing emulated.
    pub fn off() -> Emulator {
        Emulator::new(&Emulation::default())
    }

    /// Refuses the request if the account's bucket for the operation in the Region is
    /// empty, or if it draws a fault.
    pub fn before(&self, account: &str, region: &str, operation: &'static str) -> Result<(), ApiError> {
        if let Some(t) = self.throttle {
            let now = Instant::now();
            let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
            let bucket = buckets.entry((account.to_string(), region.to_string(), operation)).or_insert(Bucket { tokens: t.burst, at: now });
            bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * t.rate).min(t.burst);
            bucket.at = now;
            if bucket.tokens < 1.0 {
                return Err(ApiError::new("ThrottlingException", "Rate exceeded"));
            }
            bucket.tokens -= 1.0;
        }
        if self.fault_rate > 0.0 {
            let mut rng = rand::thread_rng();
            if rng.gen_bool(self.fault_rate) {
                let fault = if rng.gen_bool(0.5) {
                    ApiError::internal("The service encountered an internal error (an emulated fault: --fault-rate). Try again later.")
                } else {
                    ApiError::new("ThrottlingException", "Rate exceeded")
                };
                crate::metrics::metrics().injected_faults.with_label_values(&[fault.code]).inc();
                return Err(fault);
            }
        }
        Ok(())
    }
}

/// A store that enforces resource quotas on every insert, inside the inner store's write
/// transaction ([`Store::insert_limited`]): concurrent creates, on one process or on
/// replicas sharing PostgreSQL, never take a count past its quota.
pub struct QuotaStore {
    pub inner: Arc<dyn Store>,
    pub quotas: Quotas,
}

#[async_trait]
impl Store for QuotaStore {
    async fn insert(&self, records: Vec<Record>) -> Result<(), StoreError> {
        let limits = self.quotas.limits(&records);
        self.inner.insert_limited(records, limits).await
    }

    async fn insert_limited(&self, records: Vec<Record>, mut limits: Vec<Limit>) -> Result<(), StoreError> {
        limits.extend(self.quotas.limits(&records));
        self.inner.insert_limited(records, limits).await
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        self.inner.get(key).await
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        self.inner.update(key, f).await
    }

    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        self.inner.delete(key).await
    }

    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        self.inner.delete_if(key, condition).await
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError> {
        self.inner.list(query).await
    }

    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        self.inner.count_referrers(targets, from).await
    }

    async fn dump(&self) -> Result<crate::store::RecordStream, StoreError> {
        self.inner.dump().await
    }

    async fn restore(&self, records: crate::store::RecordStream, replace: bool) -> Result<(), StoreError> {
        self.inner.restore(records, replace).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse() {
        assert_eq!("aws".parse::<Throttle>().unwrap(), Throttle::AWS);
        assert_eq!("50/100".parse::<Throttle>().unwrap(), Throttle { rate: 50.0, burst: 100.0 });
        assert_eq!("0.5/1".parse::<Throttle>().unwrap(), Throttle { rate: 0.5, burst: 1.0 });
        for bad in ["", "fast", "5", "0/5", "5/0", "-1/5", "NaN/5", "5/inf"] {
            assert!(bad.parse::<Throttle>().is_err(), "{bad}");
        }
        let q: Quotas = "aws".parse().unwrap();
        assert_eq!(q.max(Kind::User), Some(500));
        assert_eq!(q.max(Kind::Instance), Some(2));
        let q: Quotas = "aws, users-per-instance=3,instances-per-account = 9".parse().unwrap();
        assert_eq!((q.max(Kind::User), q.max(Kind::Instance), q.max(Kind::Queue)), (Some(3), Some(9), Some(50)));
        for bad in ["", "none", "aws,users=3", "aws,users-per-instance", "aws,users-per-instance=-1", "users-per-instance=3"] {
            assert!(bad.parse::<Quotas>().is_err(), "{bad}");
        }
        assert_eq!(parse_fault_rate("0.2"), Ok(0.2));
        assert!(parse_fault_rate("1.5").is_err() && parse_fault_rate("x").is_err() && parse_fault_rate("-0.1").is_err());
    }

    #[test]
    fn buckets_are_per_account_region_and_operation() {
        let e = Emulator::new(&Emulation { throttle: Some(Throttle { rate: 0.001, burst: 5.0 }), ..Default::default() });
        for _ in 0..5 {
            e.before("111111111111", "us-east-1", "DescribeUser").unwrap();
        }
        let err = e.before("111111111111", "us-east-1", "DescribeUser").unwrap_err();
        assert_eq!((err.code, err.status, err.message.as_str()), ("ThrottlingException", 429, "Rate exceeded"));
        e.before("111111111111", "us-east-1", "ListUsers").unwrap();
        e.before("222222222222", "us-east-1", "DescribeUser").unwrap();
        e.before("111111111111", "eu-west-2", "DescribeUser").unwrap();
    }

    #[test]
    fn buckets_refill_at_the_rate() {
        let e = Emulator::new(&Emulation { throttle: Some(Throttle { rate: 50.0, burst: 1.0 }), ..Default::default() });
        e.before("a", "r", "X").unwrap();
        assert!(e.before("a", "r", "X").is_err());
        std::thread::sleep(std::time::Duration::from_millis(30));
        e.before("a", "r", "X").unwrap();
    }

    #[test]
    fn faults_come_at_the_rate_asked() {
        let none = Emulator::off();
        assert!((0..1000).all(|_| none.before("a", "r", "X").is_ok()));
        let all = Emulator::new(&Emulation { fault_rate: 1.0, ..Default::default() });
        let codes: std::collections::BTreeSet<_> = (0..200).map(|_| all.before("a", "r", "X").unwrap_err().code).collect();
        assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["InternalServiceException", "ThrottlingException"]);
        let some = Emulator::new(&Emulation { fault_rate: 0.2, ..Default::default() });
        let failed = (0..5000).filter(|_| some.before("a", "r", "X").is_err()).count();
        assert!((800..1200).contains(&failed), "{failed} of 5000");
    }

    #[test]
    fn limits_follow_the_records_written() {
        let q = Quotas::aws();
        let user = |i: &str| Record {
            key: Key::in_instance("111111111111", i, Kind::User, "u"),
            name: None,
            body: serde_json::json!({}),
            secret: None,
            refs: vec![],
        };
        let limits = q.limits(&[user("i1"), user("i1"), user("i2")]);
        assert_eq!(limits.len(), 2);
        assert_eq!((limits[0].max, limits[0].error.code, limits[0].error.status), (500, "LimitExceededException", 429));
        assert_eq!(limits[0].region, None, "per-instance quotas need no Region: an instance is in one");
        let inst = |id: &str, region: &str| Record {
            key: Key::instance("111111111111", id),
            body: serde_json::json!({ "Arn": format!("arn:aws:connect:{region}:111111111111:instance/{id}") }),
            ..user("")
        };
        let limits = q.limits(&[inst("i9", "us-east-1")]);
        assert_eq!((limits[0].max, limits[0].error.code, limits[0].error.status), (2, "ServiceQuotaExceededException", 402));
        assert_eq!(limits[0].region.as_deref(), Some("us-east-1"), "instances count per Region");
        assert!(limits[0].error.message.contains("us-east-1"), "{}", limits[0].error.message);
        assert_eq!(q.limits(&[inst("i1", "us-east-1"), inst("i2", "eu-west-2")]).len(), 2);
    }
}
