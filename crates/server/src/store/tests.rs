//! The store's contract, as one test suite that every implementation runs: `store_suite!`
//! expands to one `#[tokio::test]` per test below, each on a fresh store from the
//! implementation's [`Harness`] (SQLite: a temporary data dir; PostgreSQL: a database of its
//! own, when `SWITCHBOARD_TEST_PG_URL` says where).
use super::*;
use serde_json::json;
use std::sync::Arc;

/// A fresh, empty place to open stores on; opening it twice gives two stores on the same
/// data (a restart, or a second replica).
#[async_trait]
pub trait Harness: Send + Sync {
    async fn open(&self) -> Arc<dyn Store>;
}

#[macro_export]
#[doc(hidden)]
macro_rules! store_suite {
    ($harness:path) => {
        $crate::store_suite!(@tests $harness;
            names_are_unique_per_instance_and_kind,
            references_must_exist_and_block_deletes,
            records_need_their_instance,
            updates_apply_inside_the_transaction_and_can_be_refused,
            concurrent_writes_are_all_durable,
            racing_creates_of_one_name_have_exactly_one_winner,
            racing_limited_inserts_never_overshoot,
            deletes_racing_creates_leave_no_dangling_reference,
            listing_pages_in_byte_order_of_ids,
            name_prefix_listing_is_ordered_by_name_and_pages,
            deleting_an_instance_takes_its_contents,
            nul_never_reaches_the_database,
            references_holding_nul_are_missing,
            dump_returns_everything_and_restore_puts_it_back,
            restore_is_atomic_and_checks_like_insert,
            referrers_are_counted_by_kind,
            referrer_counts_follow_concurrent_writes,
            client_tokens_live_in_the_account_and_outlive_instances,
            racing_inserts_of_one_client_token_have_exactly_one_winner,
            region_limits_count_only_their_region,
            conditional_deletes_decide_inside_the_transaction,
        );
    };
    (@tests $harness:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                match $harness().await {
                    Some(h) => $crate::store::tests::$name(&h).await,
                    None => eprintln!("skipped {}: no database for this store", stringify!($name)),
                }
            }
        )*
    };
}

pub fn rec(kind: Kind, id: &str, name: Option<&str>, refs: Vec<Key>) -> Record {
    let instance = if kind == Kind::Instance { "" } else { "i1" };
    Record {
        key: Key::in_instance("acct", instance, kind, id),
        name: name.map(str::to_string),
        body: json!({"Id": id}),
        secret: None,
        refs,
    }
}

pub fn key(kind: Kind, id: &str) -> Key {
    Key::in_instance("acct", "i1", kind, id)
}

fn users(after: Option<&str>, name_prefix: Option<&str>, limit: usize) -> ListQuery {
    ListQuery {
        account: "acct".into(),
        instance: "i1".into(),
        kind: Kind::User,
        after: after.map(str::to_string),
        name_prefix: name_prefix.map(str::to_string),
        limit,
    }
}

fn names(recs: Vec<Record>) -> Vec<String> {
    recs.into_iter().map(|r| r.name.unwrap()).collect()
}

/// A store holding instance i1 (alias "alias") and routing profile rp ("Basic").
async fn seeded(h: &dyn Harness) -> Arc<dyn Store> {
    let s = h.open().await;
    s.insert(vec![rec(Kind::Instance, "i1", Some("alias"), vec![]), rec(Kind::RoutingProfile, "rp", Some("Basic"), vec![])])
        .await
        .unwrap();
    s
}

pub async fn names_are_unique_per_instance_and_kind(h: &dyn Harness) {
    let s = seeded(h).await;
    s.insert(vec![rec(Kind::User, "u1", Some("jdoe"), vec![])]).await.unwrap();
    let err = s.insert(vec![rec(Kind::User, "u2", Some("jdoe"), vec![])]).await.unwrap_err();
    assert_eq!(err, StoreError::Duplicate { kind: Kind::User, name: "jdoe".into() });
    assert_eq!(s.get(&key(Kind::User, "u2")).await.unwrap(), None);
    // A queue may share a user's name; a batch with a duplicate leaves nothing behind.
    s.insert(vec![rec(Kind::Queue, "q", Some("jdoe"), vec![])]).await.unwrap();
    let err = s.insert(vec![rec(Kind::Queue, "q2", Some("other"), vec![]), rec(Kind::Queue, "q3", Some("other"), vec![])]).await.unwrap_err();
    assert_eq!(err, StoreError::Duplicate { kind: Kind::Queue, name: "other".into() });
    assert_eq!(s.get(&key(Kind::Queue, "q2")).await.unwrap(), None, "a refused batch is undone whole");
}

pub async fn references_must_exist_and_block_deletes(h: &dyn Harness) {
    let s = seeded(h).await;
    let err = s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "nope")])]).await.unwrap_err();
    assert_eq!(err, StoreError::MissingRef(key(Kind::RoutingProfile, "nope")));
    assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap(), None, "a refused insert leaves nothing");
    s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "rp")])]).await.unwrap();
    assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap().unwrap().refs, vec![key(Kind::RoutingProfile, "rp")]);
    let err = s.delete(&key(Kind::RoutingProfile, "rp")).await.unwrap_err();
    assert_eq!(err, StoreError::InUse { key: key(Kind::RoutingProfile, "rp"), by: key(Kind::User, "u1") });
    assert!(s.get(&key(Kind::RoutingProfile, "rp")).await.unwrap().is_some());
    s.delete(&key(Kind::User, "u1")).await.unwrap();
    s.delete(&key(Kind::RoutingProfile, "rp")).await.unwrap();
    assert_eq!(s.delete(&key(Kind::RoutingProfile, "rp")).await, Err(StoreError::NotFound(key(Kind::RoutingProfile, "rp"))));
}

pub async fn records_need_their_instance(h: &dyn Harness) {
    // A create that lost the race against its instance's deletion must not leave an orphan.
    let s = h.open().await;
    let err = s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![])]).await.unwrap_err();
    assert_eq!(err, StoreError::NotFound(Key::instance("acct", "i1")));
    assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap(), None);
    // In one batch, the instance may come with its contents.
    s.insert(vec![rec(Kind::Instance, "i1", None, vec![]), rec(Kind::User, "u1", Some("a"), vec![])]).await.unwrap();
}

pub async fn updates_apply_inside_the_transaction_and_can_be_refused(h: &dyn Harness) {
    let s = seeded(h).await;
    s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![]), rec(Kind::User, "u2", Some("b"), vec![])]).await.unwrap();
    let updated = s
        .update(
            &key(Kind::User, "u1"),
            Box::new(|r| {
                r.body["X"] = json!(1);
                r.refs = vec![key(Kind::RoutingProfile, "rp")];
                Ok(())
            }),
        )
        .await
        .unwrap();
    assert_eq!(updated.body["X"], json!(1));
    let err = s
        .update(
            &key(Kind::User, "u1"),
            Box::new(|r| {
                r.name = Some("b".into());
                Ok(())
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Duplicate { kind: Kind::User, name: "b".into() });
    let err = s
        .update(
            &key(Kind::User, "u1"),
            Box::new(|r| {
                r.refs = vec![key(Kind::HierarchyGroup, "missing")];
                Ok(())
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::MissingRef(key(Kind::HierarchyGroup, "missing")));
    let err = s.update(&key(Kind::User, "u1"), Box::new(|_| Err(crate::error::ApiError::invalid_request("no")))).await.unwrap_err();
    assert!(matches!(err, StoreError::Rejected(_)));
    let stored = s.get(&key(Kind::User, "u1")).await.unwrap().unwrap();
    assert_eq!((stored.body["X"].clone(), stored.name.as_deref()), (json!(1), Some("a")), "refused updates change nothing");
    assert_eq!(stored.refs, vec![key(Kind::RoutingProfile, "rp")]);
    assert!(matches!(s.delete(&key(Kind::RoutingProfile, "rp")).await, Err(StoreError::InUse { .. })), "an update's refs protect");
    assert!(matches!(s.update(&key(Kind::User, "zz"), Box::new(|_| Ok(()))).await, Err(StoreError::NotFound(_))));
}

pub async fn concurrent_writes_are_all_durable(h: &dyn Harness) {
    {
        let s = h.open().await;
        s.insert(vec![rec(Kind::Instance, "i1", None, vec![])]).await.unwrap();
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move { s.insert(vec![rec(Kind::User, &format!("u{i:03}"), Some(&format!("n{i}")), vec![])]).await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
    }
    // Reopened (a restart): everything acknowledged is there.
    let s = h.open().await;
    let first = s.list(&users(None, None, 150)).await.unwrap();
    let second = s.list(&users(Some(&first.last().unwrap().key.id), None, 150)).await.unwrap();
    assert_eq!((first.len(), second.len()), (150, 50));
    assert!(first.last().unwrap().key.id < second[0].key.id);
}

pub async fn racing_creates_of_one_name_have_exactly_one_winner(h: &dyn Harness) {
    // Two stores on the same data: two replicas (or two processes on one SQLite file).
    let replicas = [seeded(h).await, h.open().await];
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let s = replicas[i % 2].clone();
            tokio::spawn(async move {
                let user = rec(Kind::User, &format!("u{i:02}"), Some("same"), vec![key(Kind::RoutingProfile, "rp")]);
                s.insert(vec![user]).await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(e) => assert_eq!(e, StoreError::Duplicate { kind: Kind::User, name: "same".into() }),
        }
    }
    assert_eq!(won, 1, "exactly one racing create wins");
    let listed = replicas[1].list(&users(None, Some("same"), 10)).await.unwrap();
    assert_eq!(listed.len(), 1);
}

pub async fn racing_limited_inserts_never_overshoot(h: &dyn Harness) {
    let replicas = [seeded(h).await, h.open().await];
    // seeded() holds no users; each insert may take the instance to at most 10.
    let limit = || Limit {
        account: "acct".into(),
        instance: "i1".into(),
        kind: Kind::User,
        region: None,
        max: 10,
        error: ApiError::new("LimitExceededException", "full"),
    };
    let tasks: Vec<_> = (0..48)
        .map(|i| {
            let s = replicas[i % 2].clone();
            let l = limit();
            tokio::spawn(async move {
                let user = rec(Kind::User, &format!("u{i:02}"), Some(&format!("name{i}")), vec![key(Kind::RoutingProfile, "rp")]);
                s.insert_limited(vec![user], vec![l]).await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(e) => assert_eq!(e, StoreError::Rejected(limit().error)),
        }
    }
    assert_eq!(won, 10, "exactly the quota's worth of racing inserts succeed");
    assert_eq!(replicas[1].list(&users(None, None, 100)).await.unwrap().len(), 10);
    // A refused insert leaves nothing behind, and other scopes are not counted.
    let other = Limit { instance: "i2".into(), ..limit() };
    replicas[0].insert_limited(vec![rec(Kind::User, "extra", None, vec![])], vec![other]).await.unwrap();
}

pub async fn deletes_racing_creates_leave_no_dangling_reference(h: &dyn Harness) {
    let replicas = [seeded(h).await, h.open().await];
    for round in 0..30 {
        let target = key(Kind::Queue, &format!("q{round}"));
        replicas[0].insert(vec![rec(Kind::Queue, &target.id, None, vec![])]).await.unwrap();
        let create = |i: usize| {
            let (s, target) = (replicas[i % 2].clone(), target.clone());
            tokio::spawn(async move { s.insert(vec![rec(Kind::User, &format!("u{round}-{i}"), None, vec![target])]).await })
        };
        // The delete goes in while creates are under way on both sides of it.
        let mut creates: Vec<_> = (0..8).map(create).collect();
        let (s, t) = (replicas[1].clone(), target.clone());
        let delete = tokio::spawn(async move { s.delete(&t).await });
        creates.extend((8..16).map(create));
        for create in creates {
            match create.await.unwrap() {
                Ok(()) | Err(StoreError::MissingRef(_)) => {}
                Err(e) => panic!("a create failed with {e:?}"),
            }
        }
        assert!(matches!(delete.await.unwrap(), Ok(()) | Err(StoreError::InUse { .. })));
    }
    let dump = replicas[0].dump().await.unwrap().collect().await.unwrap();
    let keys: std::collections::HashSet<&Key> = dump.iter().map(|r| &r.key).collect();
    for r in &dump {
        for target in &r.refs {
            assert!(keys.contains(target), "{} references {}, which was deleted", r.key.id, target.id);
        }
    }
}

pub async fn listing_pages_in_byte_order_of_ids(h: &dyn Harness) {
    let s = seeded(h).await;
    // Byte order, not a locale's: upper case before lower case, '-' before digits.
    for id in ["b", "B", "a-1", "a1", "A", "_"] {
        s.insert(vec![rec(Kind::User, id, Some(id), vec![])]).await.unwrap();
    }
    let ids = |recs: Vec<Record>| recs.into_iter().map(|r| r.key.id).collect::<Vec<_>>();
    assert_eq!(ids(s.list(&users(None, None, 10)).await.unwrap()), ["A", "B", "_", "a-1", "a1", "b"]);
    assert_eq!(ids(s.list(&users(None, None, 2)).await.unwrap()), ["A", "B"]);
    assert_eq!(ids(s.list(&users(Some("B"), None, 3)).await.unwrap()), ["_", "a-1", "a1"]);
    assert_eq!(ids(s.list(&users(Some("a1"), None, 3)).await.unwrap()), ["b"]);
}

pub async fn name_prefix_listing_is_ordered_by_name_and_pages(h: &dyn Harness) {
    let s = seeded(h).await;
    for name in ["bob", "alice", "alfred", "al", "albert", "zed", "alB", "Al"] {
        s.insert(vec![rec(Kind::User, &format!("id-{name}"), Some(name), vec![])]).await.unwrap();
    }
    assert_eq!(names(s.list(&users(None, Some("al"), 10)).await.unwrap()), ["al", "alB", "albert", "alfred", "alice"]);
    assert_eq!(names(s.list(&users(None, Some("al"), 2)).await.unwrap()), ["al", "alB"]);
    assert_eq!(names(s.list(&users(Some("alB"), Some("al"), 2)).await.unwrap()), ["albert", "alfred"]);
    assert_eq!(names(s.list(&users(Some("alfred"), Some("al"), 2)).await.unwrap()), ["alice"]);
    assert_eq!(names(s.list(&users(None, Some("A"), 10)).await.unwrap()), ["Al"]);
    assert_eq!(prefix_upper_bound("al").as_deref(), Some("am"));
}

pub async fn deleting_an_instance_takes_its_contents(h: &dyn Harness) {
    let s = seeded(h).await;
    s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "rp")])]).await.unwrap();
    s.delete(&Key::instance("acct", "i1")).await.unwrap();
    assert_eq!(s.get(&key(Kind::RoutingProfile, "rp")).await.unwrap(), None);
    assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap(), None);
    assert!(matches!(s.delete(&Key::instance("acct", "i1")).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), vec![], "no rows or refs are left behind");
}

pub async fn nul_never_reaches_the_database(h: &dyn Harness) {
    // PostgreSQL's text cannot hold NUL; both stores refuse it alike, and a key holding it
    // names nothing (it comes from a URI, so it is the caller's mistake, not a failure).
    let s = seeded(h).await;
    let err = s.insert(vec![rec(Kind::HierarchyGroup, "g", Some("a\0b"), vec![])]).await.unwrap_err();
    assert!(matches!(err, StoreError::Rejected(e) if e.code == "InvalidParameterException"));
    s.insert(vec![rec(Kind::HierarchyGroup, "g", Some("ok"), vec![])]).await.unwrap();
    let err = s
        .update(
            &key(Kind::HierarchyGroup, "g"),
            Box::new(|r| {
                r.name = Some("x\0".into());
                Ok(())
            }),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Rejected(_)));
    let nul = key(Kind::User, "u\0");
    assert_eq!(s.get(&nul).await.unwrap(), None);
    assert_eq!(s.delete(&nul).await, Err(StoreError::NotFound(nul.clone())));
    assert!(matches!(s.update(&nul, Box::new(|_| Ok(()))).await, Err(StoreError::NotFound(_))));
    for id in ["u", "u1", "v"] {
        s.insert(vec![rec(Kind::User, id, Some(id), vec![])]).await.unwrap();
    }
    let ids = |recs: Vec<Record>| recs.into_iter().map(|r| r.key.id).collect::<Vec<_>>();
    assert_eq!(ids(s.list(&users(Some("u\0x"), None, 10)).await.unwrap()), ["u1", "v"], "byte order: u < u\\0x < u1");
    assert_eq!(ids(s.list(&users(Some("u\0"), Some("u"), 10)).await.unwrap()), ["u1"]);
    assert_eq!(s.list(&users(None, Some("u\0"), 10)).await.unwrap(), vec![]);
    let mut elsewhere = users(None, None, 10);
    elsewhere.instance = "i1\0".into();
    assert_eq!(s.list(&elsewhere).await.unwrap(), vec![], "not instance i1's users");
}

pub async fn references_holding_nul_are_missing(h: &dyn Harness) {
    // A reference comes from a request body (UpdateUserSecurityProfiles with ["\u0000"],
    // found by test_hostile's mutations): it names nothing, on both stores, rather than
    // reaching PostgreSQL (which fails on NUL in text) as a 500.
    let s = seeded(h).await;
    s.insert(vec![rec(Kind::SecurityProfile, "sp", Some("sp"), vec![])]).await.unwrap();
    let nul = key(Kind::SecurityProfile, "sp\0");
    let err = s.insert(vec![rec(Kind::User, "u", Some("u"), vec![key(Kind::SecurityProfile, "sp"), nul.clone()])]).await.unwrap_err();
    assert_eq!(err, StoreError::MissingRef(nul.clone()));
    s.insert(vec![rec(Kind::User, "u", Some("u"), vec![key(Kind::SecurityProfile, "sp")])]).await.unwrap();
    let with_nul = nul.clone();
    let err = s
        .update(
            &key(Kind::User, "u"),
            Box::new(move |r| {
                r.refs = vec![with_nul];
                Ok(())
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::MissingRef(nul));
    assert_eq!(s.get(&key(Kind::User, "u")).await.unwrap().unwrap().refs, vec![key(Kind::SecurityProfile, "sp")]);
}

pub async fn dump_returns_everything_and_restore_puts_it_back(h: &dyn Harness) {
    let s = seeded(h).await;
    let mut user = rec(Kind::User, "u1", Some("jdoe"), vec![key(Kind::RoutingProfile, "rp"), key(Kind::Queue, "q")]);
    user.secret = Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());
    user.body = json!({"Id": "u1", "Nested": {"list": [1, "two", null]}, "Unicode": "Zoë ✓"});
    s.insert(vec![rec(Kind::Queue, "q", Some("BasicQueue"), vec![]), user.clone()]).await.unwrap();
    s.insert(vec![rec(Kind::Instance, "i2", None, vec![])]).await.unwrap();

    let dump = s.dump().await.unwrap().collect().await.unwrap();
    let keys: Vec<_> = dump.iter().map(|r| (r.key.instance.as_str(), r.key.kind, r.key.id.as_str())).collect();
    assert_eq!(
        keys,
        [("", Kind::Instance, "i1"), ("", Kind::Instance, "i2"), ("i1", Kind::User, "u1"), ("i1", Kind::Queue, "q"), ("i1", Kind::RoutingProfile, "rp")],
        "every record, in key order (kind by its stored name: agent < queue < routing-profile)"
    );
    let mut dumped_user = dump[2].clone();
    dumped_user.refs.sort_by(|a, b| a.id.cmp(&b.id));
    user.refs.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(dumped_user, user, "name, body, secret and refs all come back");

    assert_eq!(s.restore(dump.clone().into(), false).await, Err(StoreError::NotEmpty));
    s.restore(vec![].into(), true).await.unwrap();
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), vec![], "restore(replace) of nothing empties the store");
    s.restore(dump.clone().into(), false).await.unwrap();
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), dump);
    // The restored store enforces what it did before.
    assert!(matches!(s.delete(&key(Kind::RoutingProfile, "rp")).await, Err(StoreError::InUse { .. })));
    let err = s.insert(vec![rec(Kind::User, "u2", Some("jdoe"), vec![])]).await.unwrap_err();
    assert_eq!(err, StoreError::Duplicate { kind: Kind::User, name: "jdoe".into() });
}

pub async fn restore_is_atomic_and_checks_like_insert(h: &dyn Harness) {
    let s = seeded(h).await;
    let before = s.dump().await.unwrap().collect().await.unwrap();
    let broken = vec![
        rec(Kind::Instance, "i1", None, vec![]),
        rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "gone")]),
    ];
    assert_eq!(s.restore(broken.into(), true).await, Err(StoreError::MissingRef(key(Kind::RoutingProfile, "gone"))));
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), before, "a refused restore(replace) keeps the old state whole");
    let twice = vec![rec(Kind::Instance, "i1", None, vec![]), rec(Kind::User, "u1", Some("a"), vec![]), rec(Kind::User, "u2", Some("a"), vec![])];
    assert_eq!(s.restore(twice.into(), true).await, Err(StoreError::Duplicate { kind: Kind::User, name: "a".into() }));
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), before);
    let homeless = vec![rec(Kind::Instance, "i1", None, vec![]), Record { key: Key::in_instance("acct", "nowhere", Kind::Queue, "q"), ..rec(Kind::Queue, "q", None, vec![]) }];
    assert_eq!(s.restore(homeless.into(), true).await, Err(StoreError::NotFound(Key::instance("acct", "nowhere"))));
    // A stream that fails after some records (a snapshot cut short) undoes them all.
    let (feed, stream) = crate::store::records::channel();
    tokio::spawn(async move {
        feed.send(rec(Kind::Instance, "i1", None, vec![])).await.unwrap();
        feed.send(rec(Kind::Queue, "q", Some("q"), vec![])).await.unwrap();
        feed.end(Err(StoreError::Backend("the snapshot is cut".into()))).await;
    });
    assert_eq!(s.restore(stream, true).await, Err(StoreError::Backend("the snapshot is cut".into())));
    assert_eq!(s.dump().await.unwrap().collect().await.unwrap(), before);
}

pub async fn referrers_are_counted_by_kind(h: &dyn Harness) {
    let s = seeded(h).await;
    let (rp, rp2, sp) = (key(Kind::RoutingProfile, "rp"), key(Kind::RoutingProfile, "rp2"), key(Kind::SecurityProfile, "sp"));
    s.insert(vec![rec(Kind::RoutingProfile, "rp2", Some("Other"), vec![]), rec(Kind::SecurityProfile, "sp", Some("sp"), vec![])]).await.unwrap();
    for (id, refs) in [("u1", vec![rp.clone(), sp.clone()]), ("u2", vec![rp.clone()]), ("u3", vec![rp.clone()])] {
        s.insert(vec![rec(Kind::User, id, Some(id), refs)]).await.unwrap();
    }
    // A record of another kind referencing rp is not one of its users.
    s.insert(vec![rec(Kind::Queue, "q", Some("q"), vec![rp.clone()])]).await.unwrap();
    // Nor are users of another instance that happens to use the same ids.
    let mut other = rec(Kind::User, "u9", Some("u9"), vec![]);
    other.key.instance = "i2".into();
    other.refs = vec![Key { instance: "i2".into(), ..rp.clone() }];
    let mut elsewhere = rec(Kind::Instance, "i2", None, vec![]);
    elsewhere.key.id = "i2".into();
    let mut rp_i2 = rec(Kind::RoutingProfile, "rp", Some("Basic"), vec![]);
    rp_i2.key.instance = "i2".into();
    s.insert(vec![elsewhere, rp_i2, other]).await.unwrap();

    let missing = key(Kind::RoutingProfile, "missing");
    let nul = key(Kind::RoutingProfile, "rp\0");
    let targets = [rp.clone(), rp2.clone(), sp.clone(), missing, nul];
    assert_eq!(s.count_referrers(&targets, Kind::User).await.unwrap(), [3, 0, 1, 0, 0]);
    assert_eq!(s.count_referrers(&targets, Kind::Queue).await.unwrap(), [1, 0, 0, 0, 0]);
    assert_eq!(s.count_referrers(&[], Kind::User).await.unwrap(), Vec::<u64>::new());
    assert_eq!(s.count_referrers(&[Key { instance: "i2".into(), ..rp.clone() }], Kind::User).await.unwrap(), [1]);

    // A user moved to another profile counts there, and no longer here.
    let to_rp2 = rp2.clone();
    s.update(&key(Kind::User, "u2"), Box::new(move |r| {
        r.refs = vec![to_rp2];
        Ok(())
    }))
    .await
    .unwrap();
    assert_eq!(s.count_referrers(&[rp.clone(), rp2.clone()], Kind::User).await.unwrap(), [2, 1]);
    // A refused move changes nothing.
    let err = s
        .update(&key(Kind::User, "u1"), Box::new(|r| {
            r.refs = vec![key(Kind::RoutingProfile, "gone")];
            Ok(())
        }))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::MissingRef(_)));
    s.delete(&key(Kind::User, "u3")).await.unwrap();
    assert_eq!(s.count_referrers(&[rp.clone(), rp2.clone(), sp], Kind::User).await.unwrap(), [1, 1, 1]);
    // Deleting the instance takes the references along.
    s.delete(&Key::instance("acct", "i1")).await.unwrap();
    assert_eq!(s.count_referrers(&[rp, rp2], Kind::User).await.unwrap(), [0, 0]);
}

pub async fn referrer_counts_follow_concurrent_writes(h: &dyn Harness) {
    // Creates, moves and deletes racing on two replicas: the counts afterwards are exactly
    // what the records say, since they are computed from the references, not kept beside.
    let replicas = [seeded(h).await, h.open().await];
    replicas[0].insert(vec![rec(Kind::RoutingProfile, "rp2", Some("Other"), vec![])]).await.unwrap();
    let profile = |i: usize| key(Kind::RoutingProfile, if i % 2 == 0 { "rp" } else { "rp2" });
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let s = replicas[i % 2].clone();
            let target = profile(i);
            tokio::spawn(async move {
                let id = format!("u{i:02}");
                s.insert(vec![rec(Kind::User, &id, Some(&id), vec![target])]).await.unwrap();
                match (i % 4, i % 8) {
                    // Move to the other profile...
                    (1, _) => {
                        let other = profile(i + 1);
                        s.update(&key(Kind::User, &id), Box::new(move |r| {
                            r.refs = vec![other];
                            Ok(())
                        }))
                        .await
                        .unwrap();
                    }
                    // ...or leave.
                    (_, 0) => s.delete(&key(Kind::User, &id)).await.unwrap(),
                    _ => {}
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let dump = replicas[0].dump().await.unwrap().collect().await.unwrap();
    let truth = |p: &Key| dump.iter().filter(|r| r.key.kind == Kind::User && r.refs.contains(p)).count() as u64;
    let (rp, rp2) = (key(Kind::RoutingProfile, "rp"), key(Kind::RoutingProfile, "rp2"));
    let expected = vec![truth(&rp), truth(&rp2)];
    assert_eq!(expected, [40, 16], "rp: 32 even users less 8 who left, and 16 who moved in; rp2: the 16 who stayed");
    for s in &replicas {
        assert_eq!(s.count_referrers(&[rp.clone(), rp2.clone()], Kind::User).await.unwrap(), expected);
    }
}

fn token(id: &str) -> Record {
    let key = Key { account: "acct".into(), instance: String::new(), kind: Kind::ClientToken, id: id.into() };
    Record { key, name: None, body: json!({"Fingerprint": id}), secret: None, refs: vec![] }
}

pub async fn client_tokens_live_in_the_account_and_outlive_instances(h: &dyn Harness) {
    // A token record needs no instance, goes in atomically with what it guards, and stays
    // when the instance it came with is deleted (a retried DeleteInstance still finds it).
    let s = h.open().await;
    s.insert(vec![token("t0")]).await.unwrap();
    s.insert(vec![token("t1"), rec(Kind::Instance, "i1", Some("alias"), vec![]), rec(Kind::User, "u1", Some("a"), vec![])]).await.unwrap();
    assert!(s.insert(vec![token("t1")]).await.is_err(), "a token is written once");
    assert_eq!(s.get(&token("t1").key).await.unwrap().unwrap().body, json!({"Fingerprint": "t1"}));
    // A refused batch leaves no token behind: a failed call does not consume its token.
    let err = s.insert(vec![token("t2"), rec(Kind::Instance, "i2", Some("alias"), vec![])]).await.unwrap_err();
    assert_eq!(err, StoreError::Duplicate { kind: Kind::Instance, name: "alias".into() });
    assert_eq!(s.get(&token("t2").key).await.unwrap(), None);
    s.update(&token("t1").key, Box::new(|r| {
        r.body["Response"] = json!({"Id": "i1"});
        Ok(())
    }))
    .await
    .unwrap();
    s.delete(&Key::instance("acct", "i1")).await.unwrap();
    assert_eq!(s.get(&token("t1").key).await.unwrap().unwrap().body["Response"], json!({"Id": "i1"}));
    s.delete(&token("t0").key).await.unwrap();
    let left: Vec<_> = s.dump().await.unwrap().collect().await.unwrap().into_iter().map(|r| (r.key.kind, r.key.id)).collect();
    assert_eq!(left, [(Kind::ClientToken, "t1".to_string())]);
}

pub async fn racing_inserts_of_one_client_token_have_exactly_one_winner(h: &dyn Harness) {
    // Requests retried at once with one token, on two replicas: each writes the token with
    // its own new instance; exactly one commits, so exactly one instance exists.
    let replicas = [h.open().await, h.open().await];
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let s = replicas[i % 2].clone();
            tokio::spawn(async move { s.insert(vec![token("same"), rec(Kind::Instance, &format!("i{i:02}"), None, vec![])]).await })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        won += t.await.unwrap().is_ok() as usize;
    }
    assert_eq!(won, 1);
    let kinds: Vec<Kind> = replicas[1].dump().await.unwrap().collect().await.unwrap().into_iter().map(|r| r.key.kind).collect();
    assert_eq!(kinds, [Kind::ClientToken, Kind::Instance]);
}

pub async fn region_limits_count_only_their_region(h: &dyn Harness) {
    let s = h.open().await;
    let instance = |id: &str, region: &str| Record {
        body: json!({ "Id": id, "Arn": format!("arn:aws:connect:{region}:acct:instance/{id}") }),
        ..rec(Kind::Instance, id, None, vec![])
    };
    let limit = |region: &str| Limit {
        account: "acct".into(),
        instance: String::new(),
        kind: Kind::Instance,
        region: Some(region.into()),
        max: 2,
        error: ApiError::new("ServiceQuotaExceededException", region),
    };
    for (id, region) in [("a", "us-east-1"), ("b", "us-east-1"), ("c", "eu-west-2"), ("d", "eu-west-2")] {
        s.insert_limited(vec![instance(id, region)], vec![limit(region)]).await.unwrap();
    }
    for region in ["us-east-1", "eu-west-2"] {
        let err = s.insert_limited(vec![instance("x", region)], vec![limit(region)]).await.unwrap_err();
        assert_eq!(err, StoreError::Rejected(limit(region).error));
    }
    s.insert_limited(vec![instance("x", "ap-south-1")], vec![limit("ap-south-1")]).await.unwrap();
    let x = s.get(&Key::instance("acct", "x")).await.unwrap().unwrap();
    assert_eq!(x.body["Arn"], json!("arn:aws:connect:ap-south-1:acct:instance/x"));
}

pub async fn conditional_deletes_decide_inside_the_transaction(h: &dyn Harness) {
    let s = seeded(h).await;
    let stale = |v: i64| -> Condition { Box::new(move |r: &Record| r.body["V"] == json!(v)) };
    s.insert(vec![token("t")]).await.unwrap();
    s.update(&token("t").key, Box::new(|r| {
        r.body["V"] = json!(1);
        Ok(())
    }))
    .await
    .unwrap();
    assert_eq!(s.delete_if(&token("t").key, stale(0)).await, Ok(false), "the record changed since it was read");
    assert!(s.get(&token("t").key).await.unwrap().is_some());
    assert_eq!(s.delete_if(&token("t").key, stale(1)).await, Ok(true));
    assert_eq!(s.get(&token("t").key).await.unwrap(), None);
    assert_eq!(s.delete_if(&token("t").key, stale(1)).await, Err(StoreError::NotFound(token("t").key)));
    // Otherwise a delete like any other: references block it, an instance takes its contents.
    s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "rp")])]).await.unwrap();
    assert!(matches!(s.delete_if(&key(Kind::RoutingProfile, "rp"), Box::new(|_| true)).await, Err(StoreError::InUse { .. })));
    assert_eq!(s.delete_if(&Key::instance("acct", "i1"), Box::new(|_| true)).await, Ok(true));
    assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap(), None);
    // Racing on two replicas, exactly one deletes.
    let replicas = [s, h.open().await];
    replicas[0].insert(vec![token("race")]).await.unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let s = replicas[i % 2].clone();
            tokio::spawn(async move { s.delete_if(&token("race").key, Box::new(|_| true)).await })
        })
        .collect();
    let mut deleted = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(true) => deleted += 1,
            other => assert!(matches!(other, Err(StoreError::NotFound(_))), "{other:?}"),
        }
    }
    assert_eq!(deleted, 1);
}
