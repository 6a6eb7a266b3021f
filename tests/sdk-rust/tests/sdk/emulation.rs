//! `--throttle` and `--fault-rate`: what Connect's throttling and transient failures look like
//! to the SDK, and its own retries (configured as a user would) getting every request through.
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_connect::error::SdkError;
use aws_sdk_connect::operation::create_user::{CreateUserError, CreateUserOutput};
use aws_sdk_connect::Client;
use switchboard_sdk_rust_tests::{items, unique, ClientOptions, Instance, Server};

const CREATES: usize = 50;
const WORKERS: usize = 8;
const EMULATION: [&str; 4] = ["--throttle", "20/10", "--fault-rate", "0.25"];

/// CREATES CreateUser calls through WORKERS concurrent tasks: (username, result) each.
async fn create_many(client: &Client, inst: &Arc<Instance>, prefix: &str) -> Vec<(String, Result<CreateUserOutput, SdkError<CreateUserError>>)> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..WORKERS {
        let (client, inst, next, prefix) = (client.clone(), inst.clone(), next.clone(), prefix.to_string());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= CREATES {
                    return done;
                }
                let name = format!("{prefix}-{i}");
                done.push((name.clone(), inst.user_request(&client, &name).send().await));
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

fn retrying() -> ClientOptions {
    ClientOptions {
        retry: Some(RetryConfig::standard().with_max_attempts(10).with_initial_backoff(Duration::from_millis(200))),
        ..Default::default()
    }
}

#[tokio::test]
async fn standard_retries_get_fifty_creates_through() {
    let server = Server::start(&EMULATION).await;
    let client = server.client_with(retrying()).await;
    let inst = Arc::new(Instance::create(&client).await);
    let results = create_many(&client, &inst, &unique("r")).await;
    let failed: Vec<_> = results.iter().filter_map(|(n, r)| r.as_ref().err().map(|e| format!("{n}: {e:?}"))).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let created: HashSet<String> = results.into_iter().map(|(_, r)| r.unwrap().user_id.unwrap()).collect();
    let listed: HashSet<String> = items!(client.list_users().instance_id(&inst.id), page_size = 100).into_iter().map(|u| u.id.unwrap()).collect();
    assert_eq!(listed.len(), CREATES);
    assert_eq!(listed, created);
    server.stop().await;
}

#[tokio::test]
async fn without_retries_faults_are_modelled_throttling_or_internal_service_exceptions() {
    let server = Server::start(&EMULATION).await;
    let retrying = server.client_with(retrying()).await;
    let inst = Arc::new(Instance::create(&retrying).await);
    let once = server.client().await;
    let results = create_many(&once, &inst, &unique("n")).await;
    let mut failures = 0;
    let mut created = HashSet::new();
    for (name, result) in results {
        match result {
            Ok(out) => {
                created.insert(out.user_id.unwrap());
            }
            Err(err) => {
                failures += 1;
                let err = err.into_service_error();
                match &err {
                    CreateUserError::ThrottlingException(e) => assert!(e.message().is_some_and(|m| !m.is_empty())),
                    CreateUserError::InternalServiceException(e) => assert!(e.message().is_some_and(|m| !m.is_empty())),
                    other => panic!("{name}: {other:?}"),
                }
            }
        }
    }
    assert!(failures > 0, "a quarter of requests fault, yet none failed");
    // Nothing is changed by a faulted request: exactly the acknowledged users exist.
    let listed: HashSet<String> = items!(retrying.list_users().instance_id(&inst.id), page_size = 100).into_iter().map(|u| u.id.unwrap()).collect();
    assert_eq!(listed, created);
    server.stop().await;
}
