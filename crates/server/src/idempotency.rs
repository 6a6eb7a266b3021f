//! Idempotency tokens, for every operation whose input has a member the model marks
//! `idempotencyToken` (`ClientToken`), through one mechanism around `ops::dispatch`: no
//! operation has code of its own for it.
//!
//! A token is remembered per account, Region and operation, as a record of its own kind
//! ([`Kind::ClientToken`]) beside the account's instances, keyed by a hash of (Region,
//! operation, token). It holds a hash of the request's other parameters and, once the
//! operation has succeeded, its answer:
//!
//! * a request whose token is answered, with the same parameters, gets the stored answer
//!   and changes nothing; with other parameters, the operation's modelled error for it
//!   ([`mismatch`]);
//! * otherwise the operation runs on a store that writes the token record, unanswered,
//!   in the same transaction as the operation's first write (with a create's records, in
//!   the same `insert`; before an update or a delete, as a claim of its own, removed again
//!   if that write fails). A crash can therefore not leave a created resource without its
//!   token. Once the operation has succeeded, the answer is added to the record;
//! * a failed operation leaves no token behind (its writes, token included, were undone,
//!   or the token is removed), so a retry runs it again. (An operation makes its change in
//!   one write, after every check, as all of switchboard's do; one that failed after a
//!   first write would lose its token with the failure);
//! * of requests racing with one token (on one replica or several on one PostgreSQL), the
//!   first write of one of them commits the token; the others' first writes fail on the
//!   token's key and undo themselves, and those requests wait for the winner's answer. The
//!   operation takes effect once. A request whose checks failed without a write (a racing
//!   delete finding its resource already gone) looks for the token too, and if it is there
//!   waits for that answer.
//!
//! Tokens live for [`LIFETIME_SECONDS`] from their first use. See docs/rules.md,
//! "Idempotency tokens".
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::{Condition, Key, Kind, Limit, ListQuery, Record, Store, StoreError, UpdateFn};
use async_trait::async_trait;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_model::model;

/// How long a token is remembered after its first use: 7 days, the only window Amazon
/// Connect documents for its client tokens ("The token is valid for 7 days after
/// creation", ClientToken of StartChatContact, StartTaskContact and others).
pub const LIFETIME_SECONDS: f64 = 7.0 * 24.0 * 3600.0;

/// How long a request waits for the answer of an earlier request with its token that is
/// still running (operations take milliseconds). Past it, the request fails with a
/// retryable InternalServiceException.
const WAIT_SECONDS: f64 = 10.0;

/// Expired tokens of an account are swept at most this often (per process).
const SWEEP_EVERY_SECONDS: f64 = 3600.0;

/// Runs operation `op` through `run`, honouring the input's idempotency token if the
/// operation has one and the request carries it.
pub async fn once<F, Fut>(ctx: &Ctx, op: &'static str, input: Value, run: F) -> Result<Value, ApiError>
where
    F: Fn(Ctx, Value) -> Fut,
    Fut: Future<Output = Result<Value, ApiError>>,
{
    let Some(token) = Token::of(ctx, op, &input) else { return run(ctx.clone(), input).await };
    // Each round either answers or has lost a race to a request with the same token; the
    // next round then finds that request's token (and waits for its answer).
    for _ in 0..4 {
        if let Some(answer) = token.answer(ctx).await? {
            return Ok(answer);
        }
        let pending = Arc::new(Pending { store: ctx.store.clone(), record: token.record(ctx), state: Mutex::new(State::Unwritten) });
        let guarded = Ctx { store: Arc::new(TokenStore { pending: pending.clone() }), ..ctx.clone() };
        let result = run(guarded, input.clone()).await;
        if let Some(result) = pending.finish(ctx, result).await {
            return result;
        }
    }
    Err(token.in_progress())
}

/// A request's token: where its record lives and what it must match.
struct Token {
    op: &'static str,
    member: &'static str,
    key: Key,
    fingerprint: String,
}

impl Token {
    /// The token of a request, if the operation has a token member and the request sets it
    /// (an empty token is no token).
    fn of(ctx: &Ctx, op: &'static str, input: &Value) -> Option<Token> {
        let shape = model().operation(op)?.input.as_deref()?;
        let member = model().shape(shape).members().iter().find(|m| m.idempotency_token)?.name.as_str();
        let value = input.get(member)?.as_str().filter(|t| !t.is_empty())?;
        let mut rest = input.clone();
        rest.as_object_mut()?.remove(member);
        // serde_json's maps are ordered by key: equal inputs serialize alike.
        let fingerprint = sha256_hex(rest.to_string().as_bytes());
        let id = sha256_hex(format!("{}\n{op}\n{value}", ctx.region()).as_bytes());
        Some(Token { op, member, key: Key { account: ctx.account().to_string(), instance: String::new(), kind: Kind::ClientToken, id }, fingerprint })
    }

    /// The token's record before its operation has answered.
    fn record(&self, ctx: &Ctx) -> Record {
        let body = json!({"Operation": self.op, "Region": ctx.region(), "Fingerprint": self.fingerprint, "CreatedTime": ctx.now});
        Record { key: self.key.clone(), name: None, body, secret: None, refs: vec![] }
    }

    /// The stored answer for this token, or None when the operation is to run. Waits for a
    /// request with the same token that is still running; a token used with other
    /// parameters is an error.
    async fn answer(&self, ctx: &Ctx) -> Result<Option<Value>, ApiError> {
        let mut waited = Duration::ZERO;
        loop {
            let Some(rec) = ctx.store.get(&self.key).await? else { return Ok(None) };
            let first_used = created(&rec);
            if ctx.now - first_used > LIFETIME_SECONDS {
                // Expired: forgotten, and the request is a new one. (Unless a request racing
                // with this one has already put a new record in its place: then look again.)
                match ctx.store.delete_if(&self.key, Box::new(move |r| created(r) == first_used)).await {
                    Ok(true) | Err(StoreError::NotFound(_)) => return Ok(None),
                    Ok(false) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
            if rec.body.get("Fingerprint").and_then(Value::as_str) != Some(self.fingerprint.as_str()) {
                return Err(mismatch(self.op, self.member));
            }
            if let Some(answer) = rec.body.get("Response") {
                return Ok(Some(answer.clone()));
            }
            // Another request with this token is running (or stopped with the process that
            // ran it: then it is in doubt until the token expires).
            if ctx.now - first_used + waited.as_secs_f64() > WAIT_SECONDS {
                return Err(self.in_progress());
            }
            let step = Duration::from_millis(10 + 10 * waited.as_millis().min(400) as u64 / 100);
            tokio::time::sleep(step).await;
            waited += step;
        }
    }

    fn in_progress(&self) -> ApiError {
        ApiError::internal(format!(
            "An earlier {} request with this {} has not finished; retry later, or check whether it took effect and use a new {}",
            self.op, self.member, self.member
        ))
    }
}

/// The error for a token used again with other parameters: IdempotencyException, which
/// the protocol layer answers as the operation's first modelled stand-in where the
/// operation does not model it (`ApiError::resolve`: InvalidRequestException, else
/// InvalidParameterException).
pub fn mismatch(op: &str, member: &str) -> ApiError {
    ApiError::new(
        "IdempotencyException",
        format!(
            "The {member} was already used for {op} with other parameters: a retry must repeat the request unchanged; \
             a new request needs a new {member}"
        ),
    )
}

/// When a token record's token was first used (epoch seconds).
fn created(rec: &Record) -> f64 {
    rec.body.get("CreatedTime").and_then(Value::as_f64).unwrap_or(0.0)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing written yet.
    Unwritten,
    /// The token record is committed (with the operation's first write).
    Written,
    /// A request with the same token committed it first: this request's writes were undone.
    Taken,
}

/// One run of an operation under a token.
struct Pending {
    /// The store beneath (the request's own).
    store: Arc<dyn Store>,
    record: Record,
    state: Mutex<State>,
}

impl Pending {
    fn state(&self) -> State {
        *self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, state: State) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = state;
    }

    /// After a write carrying the token failed: if the token is there now, another request
    /// committed it first, and this one must not go on.
    async fn failed(&self, e: StoreError) -> StoreError {
        match self.store.get(&self.record.key).await {
            Ok(Some(_)) => {
                self.set(State::Taken);
                taken()
            }
            _ => e,
        }
    }

    /// Writes the token on its own before a write that cannot carry it (an update or a
    /// delete). True if this call wrote it.
    async fn claim(&self) -> Result<bool, StoreError> {
        match self.state() {
            State::Written => Ok(false),
            State::Taken => Err(taken()),
            State::Unwritten => match self.store.insert(vec![self.record.clone()]).await {
                Ok(()) => {
                    self.set(State::Written);
                    Ok(true)
                }
                Err(e) => Err(self.failed(e).await),
            },
        }
    }

    /// Takes the claim back after the write it was for failed.
    async fn release(&self) {
        if let Err(e) = self.store.delete(&self.record.key).await {
            tracing::error!(error = %e, "could not release a client token");
        }
        self.set(State::Unwritten);
    }

    /// What the request answers once the operation has run: None if another request with
    /// the same token took effect first (then its answer is the answer).
    async fn finish(&self, ctx: &Ctx, result: Result<Value, ApiError>) -> Option<Result<Value, ApiError>> {
        match (self.state(), result) {
            (State::Taken, _) => None,
            (State::Written, Ok(output)) => {
                let answer = output.clone();
                let stored = self
                    .store
                    .update(
                        &self.record.key,
                        Box::new(move |rec| {
                            rec.body["Response"] = answer;
                            Ok(())
                        }),
                    )
                    .await;
                if let Err(e) = stored {
                    // The operation took effect; only a retry with this token will not learn it.
                    tracing::error!(error = %e, "could not store the answer of a client token");
                }
                sweep(ctx);
                Some(Ok(output))
            }
            (State::Unwritten, Ok(output)) => {
                // The operation wrote nothing: remember its answer all the same.
                let mut record = self.record.clone();
                record.body["Response"] = output.clone();
                if let Err(e) = self.store.insert(vec![record]).await {
                    // A request with the same token may have stored its answer first.
                    tracing::debug!(error = %e, "did not store the answer of a client token");
                }
                sweep(ctx);
                Some(Ok(output))
            }
            (State::Written, Err(e)) => {
                // A failed call does not use the token up.
                self.release().await;
                Some(Err(e))
            }
            (State::Unwritten, Err(e)) => {
                // Its checks may have failed on the effect of a request with the same token
                // that took effect meanwhile (a racing delete finds its resource gone): then
                // that request's answer is the answer.
                match self.store.get(&self.record.key).await {
                    Ok(Some(_)) => None,
                    _ => Some(Err(e)),
                }
            }
        }
    }
}

/// What a write answers once another request with the same token has taken effect (the
/// operation's own error is then ignored: the other request's answer is the answer).
fn taken() -> StoreError {
    StoreError::Rejected(ApiError::internal("A request with the same client token took effect first"))
}

/// The request's store while its operation runs: the token record goes with the first write.
struct TokenStore {
    pending: Arc<Pending>,
}

#[async_trait]
impl Store for TokenStore {
    async fn insert_limited(&self, mut records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError> {
        let p = &self.pending;
        if p.state() != State::Unwritten {
            return p.store.insert_limited(records, limits).await;
        }
        // First, so that of racing requests with one token, the losers fail on it.
        records.insert(0, p.record.clone());
        match p.store.insert_limited(records, limits).await {
            Ok(()) => {
                p.set(State::Written);
                Ok(())
            }
            Err(e) => Err(p.failed(e).await),
        }
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        self.pending.store.get(key).await
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        let claimed = self.pending.claim().await?;
        let result = self.pending.store.update(key, f).await;
        if claimed && result.is_err() {
            self.pending.release().await;
        }
        result
    }

    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        let claimed = self.pending.claim().await?;
        let result = self.pending.store.delete(key).await;
        if claimed && result.is_err() {
            self.pending.release().await;
        }
        result
    }

    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        let claimed = self.pending.claim().await?;
        let result = self.pending.store.delete_if(key, condition).await;
        if claimed && !matches!(result, Ok(true)) {
            self.pending.release().await;
        }
        result
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError> {
        self.pending.store.list(query).await
    }

    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        self.pending.store.count_referrers(targets, from).await
    }

    async fn dump(&self) -> Result<crate::store::RecordStream, StoreError> {
        self.pending.store.dump().await
    }

    async fn restore(&self, records: crate::store::RecordStream, replace: bool) -> Result<(), StoreError> {
        self.pending.store.restore(records, replace).await
    }
}

/// Deletes the account's expired tokens, in the background, at most every
/// [`SWEEP_EVERY_SECONDS`] per account and process.
fn sweep(ctx: &Ctx) {
    static LAST: Mutex<Option<HashMap<String, f64>>> = Mutex::new(None);
    {
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        let last = last.get_or_insert_with(HashMap::new).entry(ctx.account().to_string()).or_insert(f64::MIN);
        if ctx.now - *last < SWEEP_EVERY_SECONDS {
            return;
        }
        *last = ctx.now;
    }
    let (store, account, now) = (ctx.store.clone(), ctx.account().to_string(), ctx.now);
    tokio::spawn(async move {
        if let Err(e) = sweep_expired(&*store, &account, now).await {
            tracing::warn!(error = %e, "could not sweep expired client tokens");
        }
    });
}

/// Deletes `account`'s tokens older than [`LIFETIME_SECONDS`] at `now`; returns how many.
pub async fn sweep_expired(store: &dyn Store, account: &str, now: f64) -> Result<usize, StoreError> {
    let mut after = None;
    let mut deleted = 0;
    loop {
        let query = ListQuery { account: account.to_string(), instance: String::new(), kind: Kind::ClientToken, after, name_prefix: None, limit: 500 };
        let batch = store.list(&query).await?;
        after = batch.last().map(|r| r.key.id.clone());
        for rec in batch.iter().filter(|r| now - created(r) > LIFETIME_SECONDS) {
            // Unless a request has just put a new record in its place.
            match store.delete_if(&rec.key, Box::new(move |r| now - created(r) > LIFETIME_SECONDS)).await {
                Ok(true) => deleted += 1,
                Ok(false) | Err(StoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if batch.len() < 500 {
            return Ok(deleted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Principal;
    use crate::ops::dispatch;
    use crate::store::sqlite::SqliteStore;

    fn ctx(store: &Arc<dyn Store>, region: &str, now: f64) -> Ctx {
        let principal = Principal { account_id: "111122223333".into(), region: region.into(), access_key: "AKID".into() };
        Ctx { store: store.clone(), principal, now }
    }

    fn create(alias: &str, token: &str) -> Value {
        json!({"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": alias, "InboundCallsEnabled": true,
               "OutboundCallsEnabled": true, "ClientToken": token})
    }

    async fn call(ctx: &Ctx, op: &str, input: Value) -> Result<Value, ApiError> {
        dispatch(ctx, op, input).await.expect("implemented")
    }

    async fn instances(ctx: &Ctx) -> Vec<String> {
        let listed = call(ctx, "ListInstances", json!({})).await.unwrap();
        listed["InstanceSummaryList"].as_array().unwrap().iter().map(|i| i["Id"].as_str().unwrap().to_string()).collect()
    }

    fn sqlite() -> (tempfile::TempDir, Arc<dyn Store>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(dir.path()).unwrap());
        (dir, store)
    }

    const NOW: f64 = 1_800_000_000.0;
    const DAY: f64 = 86_400.0;

    #[tokio::test]
    async fn a_retry_gets_the_first_answer_and_other_parameters_an_error() {
        let (_dir, store) = sqlite();
        let c = ctx(&store, "us-east-1", NOW);
        let first = call(&c, "CreateInstance", create("alpha", "t-1")).await.unwrap();
        let again = call(&ctx(&store, "us-east-1", NOW + 60.0), "CreateInstance", create("alpha", "t-1")).await.unwrap();
        assert_eq!(first, again);
        assert_eq!(instances(&c).await, [first["Id"].as_str().unwrap()]);
        let err = call(&c, "CreateInstance", create("beta", "t-1")).await.unwrap_err();
        assert_eq!(err.code, "IdempotencyException");
        let answered = err.resolve(&model().operation("CreateInstance").unwrap().errors);
        assert_eq!((answered.code, answered.status), ("InvalidRequestException", 400), "CreateInstance models no IdempotencyException");
        assert_eq!(instances(&c).await.len(), 1);
        // Without a token (or with an empty one), nothing is remembered.
        let mut plain = create("alpha", "");
        assert_eq!(call(&c, "CreateInstance", plain.clone()).await.unwrap_err().code, "DuplicateResourceException");
        plain.as_object_mut().unwrap().remove("ClientToken");
        assert_eq!(call(&c, "CreateInstance", plain).await.unwrap_err().code, "DuplicateResourceException");
    }

    #[tokio::test]
    async fn tokens_are_scoped_to_account_region_and_operation() {
        let (_dir, store) = sqlite();
        let east = ctx(&store, "us-east-1", NOW);
        let west = ctx(&store, "eu-west-2", NOW);
        let a = call(&east, "CreateInstance", create("east", "same")).await.unwrap();
        let b = call(&west, "CreateInstance", create("west", "same")).await.unwrap();
        assert_ne!(a["Id"], b["Id"]);
        let mut other = ctx(&store, "us-east-1", NOW);
        other.principal.account_id = "444455556666".into();
        let c = call(&other, "CreateInstance", create("east", "same")).await.unwrap();
        assert_ne!(a["Id"], c["Id"]);
        // The same token on another operation is another token.
        let id = a["Id"].as_str().unwrap();
        call(&east, "DeleteInstance", json!({"InstanceId": id, "ClientToken": "same"})).await.unwrap();
        assert!(instances(&east).await.is_empty());
    }

    #[tokio::test]
    async fn a_failed_call_leaves_its_token_unused() {
        let (_dir, store) = sqlite();
        let c = ctx(&store, "us-east-1", NOW);
        call(&c, "CreateInstance", create("taken", "t-a")).await.unwrap();
        let err = call(&c, "CreateInstance", create("taken", "t-b")).await.unwrap_err();
        assert_eq!(err.code, "DuplicateResourceException");
        // Not a mismatch: the failed call did not keep t-b.
        let ok = call(&c, "CreateInstance", create("free", "t-b")).await.unwrap();
        assert_eq!(instances(&c).await.len(), 2);
        assert!(instances(&c).await.contains(&ok["Id"].as_str().unwrap().to_string()));
        // A failed delete (nothing to delete) does not keep its token either.
        let missing = json!({"InstanceId": "00000000-0000-0000-0000-000000000000", "ClientToken": "d"});
        assert_eq!(call(&c, "DeleteInstance", missing).await.unwrap_err().code, "ResourceNotFoundException");
        call(&c, "DeleteInstance", json!({"InstanceId": ok["Id"], "ClientToken": "d"})).await.unwrap();
    }

    #[tokio::test]
    async fn a_retried_delete_is_answered_until_the_token_expires() {
        let (_dir, store) = sqlite();
        let c = ctx(&store, "us-east-1", NOW);
        let id = call(&c, "CreateInstance", create("gone", "c")).await.unwrap()["Id"].clone();
        let delete = json!({"InstanceId": id, "ClientToken": "d"});
        assert_eq!(call(&c, "DeleteInstance", delete.clone()).await.unwrap(), Value::Null, "DeleteInstance answers nothing");
        let retried = call(&ctx(&store, "us-east-1", NOW + 6.0 * DAY), "DeleteInstance", delete.clone()).await;
        assert_eq!(retried.unwrap(), Value::Null, "answered, not ResourceNotFoundException");
        // After 7 days the token is forgotten: the request is a new one.
        let later = ctx(&store, "us-east-1", NOW + 8.0 * DAY);
        assert_eq!(call(&later, "DeleteInstance", delete).await.unwrap_err().code, "ResourceNotFoundException");
        assert_eq!(sweep_expired(&*store, "111122223333", NOW + 8.0 * DAY).await.unwrap(), 1, "the create's token");
        let left: Vec<Kind> = store.dump().await.unwrap().collect().await.unwrap().into_iter().map(|r| r.key.kind).collect();
        assert_eq!(left, [], "the delete's expired token went when it was reused and failed");
    }

    async fn racing_requests_with_one_token_take_effect_once(replicas: [Arc<dyn Store>; 2]) {
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let c = ctx(&replicas[i % 2], "us-east-1", NOW);
                tokio::spawn(async move { call(&c, "CreateInstance", create("racer", "one-token")).await })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap().expect("every racing retry gets the answer"));
        }
        assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
        assert_eq!(instances(&ctx(&replicas[0], "us-east-1", NOW)).await, [answers[0]["Id"].as_str().unwrap()]);
        // Deletes racing with one token: one takes effect, all answer it.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let c = ctx(&replicas[i % 2], "us-east-1", NOW);
                let input = json!({"InstanceId": answers[0]["Id"], "ClientToken": "del"});
                tokio::spawn(async move { call(&c, "DeleteInstance", input).await })
            })
            .collect();
        for t in tasks {
            let answer = t.await.unwrap();
            assert_eq!(answer, Ok(Value::Null), "{answer:?}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn racing_requests_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let a: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).unwrap());
        let b: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).unwrap());
        racing_requests_with_one_token_take_effect_once([a, b]).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn racing_requests_on_postgres_replicas() {
        let Some(db) = crate::store::postgres::tests::TestDb::create().await else { return };
        racing_requests_with_one_token_take_effect_once([Arc::new(db.store().await), Arc::new(db.store().await)]).await;
    }

    #[tokio::test]
    async fn a_claim_before_an_update_is_released_when_the_update_fails() {
        // Any operation, through the same mechanism: here one whose first write is an update.
        let (_dir, store) = sqlite();
        let c = ctx(&store, "us-east-1", NOW);
        let id = call(&c, "CreateInstance", create("upd", "x")).await.unwrap()["Id"].as_str().unwrap().to_string();
        let update = |target: String| {
            move |ctx: Ctx, _input: Value| {
                let target = target.clone();
                async move {
                    ctx.update(&ctx.instance_key(&target), |b: &mut Value| {
                        b["InboundCallsEnabled"] = false.into();
                        Ok(())
                    })
                    .await?;
                    Ok(json!({"Updated": target}))
                }
            }
        };
        let input = json!({"InstanceId": id, "AttributeType": "INBOUND_CALLS", "Value": "false", "ClientToken": "u"});
        let err = once(&c, "UpdateInstanceAttribute", input.clone(), update("missing".into())).await.unwrap_err();
        assert_eq!(err.code, "ResourceNotFoundException");
        assert_eq!(store.get(&Token::of(&c, "UpdateInstanceAttribute", &input).unwrap().key).await.unwrap(), None, "released");
        let ok = once(&c, "UpdateInstanceAttribute", input.clone(), update(id.clone())).await.unwrap();
        assert_eq!(ok, json!({"Updated": id}));
        // Replayed without running: the operation would now answer otherwise.
        assert_eq!(once(&c, "UpdateInstanceAttribute", input.clone(), update("missing".into())).await.unwrap(), ok);
        let mut changed = input;
        changed["Value"] = "true".into();
        let err = once(&c, "UpdateInstanceAttribute", changed, update(id)).await.unwrap_err();
        assert_eq!(err.code, "IdempotencyException");
    }

    #[test]
    fn every_token_operation_answers_a_reused_token_with_a_modelled_error() {
        let m = model();
        let mut answered = std::collections::BTreeMap::new();
        for (name, op) in &m.operations {
            let Some(input) = &op.input else { continue };
            if !m.shape(input).members().iter().any(|mm| mm.idempotency_token) {
                continue;
            }
            let code = mismatch(name, "ClientToken").resolve(&op.errors).code;
            assert!(op.errors.iter().any(|e| e == code), "{name} does not model {code}");
            answered.insert(name.as_str(), code);
        }
        assert!(answered.len() >= 60, "{}", answered.len());
        assert_eq!(answered["ClaimPhoneNumber"], "IdempotencyException");
        assert_eq!(answered["CreateInstance"], "InvalidRequestException");
        assert_eq!(answered["CreateEvaluationForm"], "InvalidParameterException");
    }

    #[test]
    fn fingerprints_ignore_the_token_and_member_order() {
        let principal = Principal { account_id: "1".into(), region: "us-east-1".into(), access_key: "k".into() };
        let (_dir, store) = sqlite();
        let c = Ctx { store, principal, now: NOW };
        let a: Value = serde_json::from_str(r#"{"InstanceAlias":"x","InboundCallsEnabled":true,"ClientToken":"t","Tags":{"b":"2","a":"1"}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"Tags":{"a":"1","b":"2"},"ClientToken":"t","InboundCallsEnabled":true,"InstanceAlias":"x"}"#).unwrap();
        let (ta, tb) = (Token::of(&c, "CreateInstance", &a).unwrap(), Token::of(&c, "CreateInstance", &b).unwrap());
        assert_eq!((ta.key, ta.fingerprint), (tb.key, tb.fingerprint));
        let mut other = a.clone();
        other["ClientToken"] = "u".into();
        assert_eq!(Token::of(&c, "CreateInstance", &other).unwrap().fingerprint, Token::of(&c, "CreateInstance", &a).unwrap().fingerprint);
        assert!(Token::of(&c, "CreateUser", &a).is_none(), "CreateUser has no token");
    }
}
