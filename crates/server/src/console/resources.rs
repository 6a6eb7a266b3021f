//! Resources: security profiles, routing profiles (with their queues), queues, hours of
//! operation and the user hierarchy (as a tree), each a list and a detail page, read with
//! the API's List*/Describe* operations.
use super::instances::tabs;
use super::{call, error_box, esc, list_all, page, session, url};
use crate::http::App;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new().route("/console/instances/{iid}/resources/{kind}", get(list)).route("/console/instances/{iid}/resources/{kind}/{id}", get(detail))
}

/// A kind of resource the console shows: its URL segment, title, list operation and
/// member, describe operation, id member and output member.
struct Kind {
    slug: &'static str,
    title: &'static str,
    list: &'static str,
    list_key: &'static str,
    describe: &'static str,
    id_member: &'static str,
    describe_key: &'static str,
}

const KINDS: &[Kind] = &[
    Kind { slug: "security-profiles", title: "Security profiles", list: "ListSecurityProfiles", list_key: "SecurityProfileSummaryList", describe: "DescribeSecurityProfile", id_member: "SecurityProfileId", describe_key: "SecurityProfile" },
    Kind { slug: "routing-profiles", title: "Routing profiles", list: "ListRoutingProfiles", list_key: "RoutingProfileSummaryList", describe: "DescribeRoutingProfile", id_member: "RoutingProfileId", describe_key: "RoutingProfile" },
    Kind { slug: "queues", title: "Queues", list: "ListQueues", list_key: "QueueSummaryList", describe: "DescribeQueue", id_member: "QueueId", describe_key: "Queue" },
    Kind { slug: "hours", title: "Hours of operation", list: "ListHoursOfOperations", list_key: "HoursOfOperationSummaryList", describe: "DescribeHoursOfOperation", id_member: "HoursOfOperationId", describe_key: "HoursOfOperation" },
    Kind { slug: "hierarchy", title: "User hierarchy", list: "ListUserHierarchyGroups", list_key: "UserHierarchyGroupSummaryList", describe: "DescribeUserHierarchyGroup", id_member: "HierarchyGroupId", describe_key: "HierarchyGroup" },
];

fn kind(slug: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.slug == slug)
}

fn text<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

async fn list(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, slug)): Path<(String, String)>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(k) = kind(&slug) else { return super::html_response(axum::http::StatusCode::NOT_FOUND, "Not found".into()) };
    let items = match list_all(&app, &s, k.list, k.list_key, json!({"InstanceId": iid})).await {
        Ok(items) => items,
        Err(e) => return page(&s, k.title, &format!("{}{}", tabs(&iid), error_box(&e))),
    };
    let link = |id: &str, name: &str| format!(r#"<a href="/console/instances/{}/resources/{}/{}">{}</a>"#, url(&iid), k.slug, url(id), esc(name));
    let body = if k.slug == "hierarchy" {
        // The tree: each group's parent is the level above it on its path.
        let mut children: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for g in &items {
            let id = text(g, "Id").to_string();
            let parent = match call(&app, &s, k.describe, json!({"InstanceId": iid, k.id_member: id})).await {
                Ok(out) => {
                    let path = &out[k.describe_key]["HierarchyPath"];
                    let ids: Vec<&str> = ["LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"].iter().filter_map(|l| path.get(*l)?.get("Id")?.as_str()).collect();
                    ids.iter().position(|i| *i == id).and_then(|p| p.checked_sub(1)).map(|p| ids[p].to_string()).unwrap_or_default()
                }
                Err(_) => String::new(),
            };
            children.entry(parent).or_default().push((id, text(g, "Name").to_string()));
        }
        fn tree(at: &str, children: &BTreeMap<String, Vec<(String, String)>>, link: &dyn Fn(&str, &str) -> String) -> String {
            match children.get(at) {
                Some(list) => format!("<ul class=\"tree\">{}</ul>", list.iter().map(|(id, name)| format!("<li>{}{}</li>", link(id, name), tree(id, children, link))).collect::<String>()),
                None => String::new(),
            }
        }
        let t = tree("", &children, &link);
        if t.is_empty() {
            "<p>No hierarchy groups.</p>".to_string()
        } else {
            t
        }
    } else {
        let rows: String = items.iter().map(|i| format!("<tr><td>{}</td><td>{}</td></tr>", link(text(i, "Id"), text(i, "Name")), esc(text(i, "Id")))).collect();
        format!(r#"<table class="list"><thead><tr><th>Name</th><th>Id</th></tr></thead><tbody>{rows}</tbody></table>"#)
    };
    page(&s, k.title, &format!("{}{body}", tabs(&iid)))
}

async fn detail(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, slug, id)): Path<(String, String, String)>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(k) = kind(&slug) else { return super::html_response(axum::http::StatusCode::NOT_FOUND, "Not found".into()) };
    let item = match call(&app, &s, k.describe, json!({"InstanceId": iid, k.id_member: id})).await {
        Ok(out) => out.get(k.describe_key).cloned().unwrap_or_default(),
        Err(e) => return page(&s, k.title, &format!("{}{}", tabs(&iid), error_box(&e))),
    };
    let mut body = format!("{}{}", tabs(&iid), super::json_table(&item));
    if k.slug == "routing-profiles" {
        match list_all(&app, &s, "ListRoutingProfileQueues", "RoutingProfileQueueConfigSummaryList", json!({"InstanceId": iid, "RoutingProfileId": id})).await {
            Ok(queues) => {
                let rows: String = queues
                    .iter()
                    .map(|q| {
                        format!(
                            r#"<tr><td><a href="/console/instances/{}/resources/queues/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                            url(&iid),
                            url(text(q, "QueueId")),
                            esc(text(q, "QueueName")),
                            esc(text(q, "Channel")),
                            q.get("Priority").map(Value::to_string).unwrap_or_default(),
                            q.get("Delay").map(Value::to_string).unwrap_or_default()
                        )
                    })
                    .collect();
                body.push_str(&format!(r#"<h2>Queues</h2><table class="list"><thead><tr><th>Queue</th><th>Channel</th><th>Priority</th><th>Delay</th></tr></thead><tbody>{rows}</tbody></table>"#));
            }
            Err(e) => body.push_str(&error_box(&e)),
        }
    }
    page(&s, &format!("{}: {}", k.title, text(&item, "Name")), &body)
}
