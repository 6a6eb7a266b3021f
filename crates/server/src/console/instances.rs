//! Instances: the list, and an overview of each (identity type, counts of what it holds).
use super::{call, error_box, esc, list_all, page, session, url, Session};
use crate::http::App;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new().route("/console/instances", get(list)).route("/console/instances/{iid}", get(overview))
}

fn s(v: &Value, k: &str) -> String {
    esc(v.get(k).and_then(Value::as_str).unwrap_or(""))
}

async fn list(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let sess = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let body = match list_all(&app, &sess, "ListInstances", "InstanceSummaryList", json!({})).await {
        Ok(items) if items.is_empty() => "<p>No instances yet: create one with CreateInstance (see the README's example).</p>".to_string(),
        Ok(items) => {
            let rows: String = items
                .iter()
                .map(|i| {
                    let id = i.get("Id").and_then(Value::as_str).unwrap_or("");
                    format!(
                        r#"<tr><td><a href="/console/instances/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td><a href="/console/instances/{0}/users">Users</a></td></tr>"#,
                        url(id),
                        esc(id),
                        s(i, "InstanceAlias"),
                        s(i, "IdentityManagementType"),
                        s(i, "InstanceStatus")
                    )
                })
                .collect();
            format!(r#"<table class="list"><thead><tr><th>Id</th><th>Alias</th><th>Identity</th><th>Status</th><th></th></tr></thead><tbody>{rows}</tbody></table>"#)
        }
        Err(e) => error_box(&e),
    };
    page(&sess, "Instances", &body)
}

/// The number of items of a List* operation in the instance.
async fn count(app: &App, sess: &Session, iid: &str, op: &'static str, key: &str) -> String {
    match list_all(app, sess, op, key, json!({"InstanceId": iid})).await {
        Ok(items) => items.len().to_string(),
        Err(e) => format!("({})", esc(e.code)),
    }
}

/// The tabs of an instance's pages.
pub(super) fn tabs(iid: &str) -> String {
    let i = url(iid);
    format!(
        r#"<nav class="tabs"><a href="/console/instances/{i}">Overview</a><a href="/console/instances/{i}/users">Users</a><a href="/console/instances/{i}/import">Import</a><a href="/console/instances/{i}/resources/security-profiles">Security profiles</a><a href="/console/instances/{i}/resources/routing-profiles">Routing profiles</a><a href="/console/instances/{i}/resources/queues">Queues</a><a href="/console/instances/{i}/resources/hours">Hours</a><a href="/console/instances/{i}/resources/hierarchy">Hierarchy</a></nav>"#
    )
}

async fn overview(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>) -> Response {
    let sess = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let instance = match call(&app, &sess, "DescribeInstance", json!({"InstanceId": iid})).await {
        Ok(out) => out.get("Instance").cloned().unwrap_or_default(),
        Err(e) => return page(&sess, "Instance", &error_box(&e)),
    };
    let mut counts = String::new();
    for (label, op, key) in [
        ("Users", "ListUsers", "UserSummaryList"),
        ("Security profiles", "ListSecurityProfiles", "SecurityProfileSummaryList"),
        ("Routing profiles", "ListRoutingProfiles", "RoutingProfileSummaryList"),
        ("Queues", "ListQueues", "QueueSummaryList"),
        ("Hours of operation", "ListHoursOfOperations", "HoursOfOperationSummaryList"),
        ("Hierarchy groups", "ListUserHierarchyGroups", "UserHierarchyGroupSummaryList"),
        ("Contact flows", "ListContactFlows", "ContactFlowSummaryList"),
        ("Phone numbers", "ListPhoneNumbers", "PhoneNumberSummaryList"),
    ] {
        counts.push_str(&format!(r#"<div class="count"><span class="n" data-count="{label}">{}</span><span>{label}</span></div>"#, count(&app, &sess, &iid, op, key).await));
    }
    let body = format!(
        r#"{tabs}<p class="lead">{alias} · identity <b>{identity}</b> · {status}</p><div class="counts">{counts}</div><h2>Description</h2>{fields}"#,
        tabs = tabs(&iid),
        alias = s(&instance, "InstanceAlias"),
        identity = s(&instance, "IdentityManagementType"),
        status = s(&instance, "InstanceStatus"),
        fields = super::json_table(&instance)
    );
    page(&sess, &format!("Instance {iid}"), &body)
}
