//! Users: the table (SearchUsers, paged), a user's page (DescribeUser, every field), the
//! create form, the edit forms and the delete confirmation. Inputs are built from the
//! model's types and run by the API's code ([`super::call`]); an error is shown next to the
//! field its path (`at 'identityInfo.firstName'`) or its message names.
use super::instances::tabs;
use super::{call, csrf_field, error_box, esc, list_all, page, redirect, session, session_for_post, url, Form, Session};
use crate::error::ApiError;
use crate::http::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use switchboard_model::dto;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new()
        .route("/console/instances/{iid}/users", get(list).post(create))
        .route("/console/instances/{iid}/users/new", get(new_form))
        .route("/console/instances/{iid}/users/{uid}", get(detail))
        .route("/console/instances/{iid}/users/{uid}/{what}", post(update))
        .route("/console/instances/{iid}/users/{uid}/confirm-delete", get(confirm_delete))
}

/// Users shown per page of the table.
const PAGE_SIZE: i64 = 25;

/// The SearchUsers input of the table's search box: the username starts with the text, or
/// the first or last name contains it; `key=value` finds users with that tag.
fn search_input(iid: &str, q: &str, next: Option<String>) -> Value {
    let mut input = json!({"InstanceId": iid, "MaxResults": PAGE_SIZE});
    if let Some((k, v)) = q.split_once('=') {
        input["SearchFilter"] = json!({"TagFilter": {"TagCondition": {"TagKey": k.trim(), "TagValue": v.trim()}}});
    } else if !q.is_empty() {
        let cond = |field: &str, cmp: &str| json!({"StringCondition": {"FieldName": field, "Value": q, "ComparisonType": cmp}});
        input["SearchCriteria"] = json!({"OrConditions": [cond("Username", "STARTS_WITH"), cond("FirstName", "CONTAINS"), cond("LastName", "CONTAINS")]});
    }
    if let Some(t) = next {
        input["NextToken"] = t.into();
    }
    input
}

/// Id → name of a List* operation's summaries.
async fn names(app: &App, s: &Session, iid: &str, op: &'static str, key: &str) -> BTreeMap<String, String> {
    list_all(app, s, op, key, json!({"InstanceId": iid}))
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|v| Some((v.get("Id")?.as_str()?.to_string(), v.get("Name")?.as_str()?.to_string())))
        .collect()
}

fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter().try_fold(v, |v, k| v.get(*k)).and_then(Value::as_str).unwrap_or("")
}

async fn list(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>, uri: Uri) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let q = Form::query(&uri);
    let query = q.get("q").to_string();
    let out = match call(&app, &s, "SearchUsers", search_input(&iid, &query, q.opt("next"))).await {
        Ok(out) => out,
        Err(e) => return page(&s, "Users", &format!("{}{}", tabs(&iid), error_box(&e))),
    };
    let routing = names(&app, &s, &iid, "ListRoutingProfiles", "RoutingProfileSummaryList").await;
    let security = names(&app, &s, &iid, "ListSecurityProfiles", "SecurityProfileSummaryList").await;
    let users = out.get("Users").and_then(Value::as_array).cloned().unwrap_or_default();
    let rows: String = users
        .iter()
        .map(|u| {
            let id = text(u, &["Id"]);
            let rp = text(u, &["RoutingProfileId"]);
            let sps: Vec<String> = u.get("SecurityProfileIds").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(|i| esc(security.get(i).map_or(i, |n| n))).collect();
            format!(
                r#"<tr><td><a href="/console/instances/{}/users/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                url(&iid),
                url(id),
                esc(text(u, &["Username"])),
                esc(text(u, &["IdentityInfo", "FirstName"])),
                esc(text(u, &["IdentityInfo", "LastName"])),
                esc(routing.get(rp).map_or(rp, |n| n)),
                sps.join(", ")
            )
        })
        .collect();
    let total = out.get("ApproximateTotalCount").and_then(Value::as_i64).unwrap_or(0);
    let base = format!("/console/instances/{}/users?q={}", url(&iid), url(&query));
    let mut paging = format!(r#"<span>{total} users</span>"#);
    if q.opt("next").is_some() {
        paging.push_str(&format!(r#" <a href="{base}">First page</a>"#));
    }
    if let Some(next) = out.get("NextToken").and_then(Value::as_str) {
        paging.push_str(&format!(r#" <a href="{base}&amp;next={}" rel="next">Next page</a>"#, url(next)));
    }
    let body = format!(
        r#"{tabs}<div class="bar"><form method="get" class="search"><input name="q" value="{q}" placeholder="Username prefix, name, or tag key=value" aria-label="Search"><button>Search</button></form>
<a class="button" href="/console/instances/{i}/users/new">Create user</a></div>
<table class="list" id="users"><thead><tr><th>Username</th><th>First name</th><th>Last name</th><th>Routing profile</th><th>Security profiles</th></tr></thead><tbody>{rows}</tbody></table>
<p class="paging">{paging}</p>"#,
        tabs = tabs(&iid),
        q = esc(&query),
        i = url(&iid)
    );
    page(&s, "Users", &body)
}

/// Which form field an error concerns: the path of a validation message
/// (`at 'identityInfo.firstName'`), else the first field its message names.
fn field_of(e: &ApiError) -> &'static str {
    const FIELDS: &[(&str, &str)] = &[
        ("username", "username"),
        ("password", "password"),
        ("identityinfo.firstname", "identityInfo.firstName"),
        ("identityinfo.lastname", "identityInfo.lastName"),
        ("identityinfo.email", "identityInfo.email"),
        ("identityinfo.secondaryemail", "identityInfo.secondaryEmail"),
        ("identityinfo.mobile", "identityInfo.mobile"),
        ("phoneconfig.deskphonenumber", "phoneConfig.deskPhoneNumber"),
        ("phoneconfig.aftercontactworktimelimit", "phoneConfig.afterContactWorkTimeLimit"),
        ("phoneconfig.phonetype", "phoneConfig.phoneType"),
        ("routingprofileid", "routingProfileId"),
        ("securityprofileids", "securityProfileIds"),
        ("hierarchygroupid", "hierarchyGroupId"),
        ("tags", "tags"),
    ];
    let msg = e.message.to_ascii_lowercase();
    if let Some(path) = msg.split_once(" at '").and_then(|(_, rest)| rest.split_once('\'')).map(|(p, _)| p.to_string()) {
        let path = path.split('.').filter(|p| !p.chars().all(|c| c.is_ascii_digit()) && *p != "member").collect::<Vec<_>>().join(".");
        if let Some((_, f)) = FIELDS.iter().find(|(k, _)| path == *k || path.starts_with(&format!("{k}."))) {
            return f;
        }
    }
    let words: &[(&str, &str)] = &[
        ("password", "password"),
        ("username", "username"),
        ("user name", "username"),
        ("firstname", "identityInfo.firstName"),
        ("first name", "identityInfo.firstName"),
        ("lastname", "identityInfo.lastName"),
        ("last name", "identityInfo.lastName"),
        ("secondary email", "identityInfo.secondaryEmail"),
        ("email", "identityInfo.email"),
        ("mobile", "identityInfo.mobile"),
        ("desk phone", "phoneConfig.deskPhoneNumber"),
        ("deskphone", "phoneConfig.deskPhoneNumber"),
        ("routing profile", "routingProfileId"),
        ("security profile", "securityProfileIds"),
        ("hierarchy group", "hierarchyGroupId"),
        ("tag", "tags"),
        // DuplicateResourceException: "User with the name 'jdoe' already exists".
        ("with the name", "username"),
    ];
    words.iter().find(|(w, _)| msg.contains(w)).map_or("", |(_, f)| f)
}

/// The reference lists the forms choose from.
struct Choices {
    security: BTreeMap<String, String>,
    routing: BTreeMap<String, String>,
    groups: BTreeMap<String, String>,
}

async fn choices(app: &App, s: &Session, iid: &str) -> Choices {
    Choices {
        security: names(app, s, iid, "ListSecurityProfiles", "SecurityProfileSummaryList").await,
        routing: names(app, s, iid, "ListRoutingProfiles", "RoutingProfileSummaryList").await,
        groups: names(app, s, iid, "ListUserHierarchyGroups", "UserHierarchyGroupSummaryList").await,
    }
}

/// One labelled field, with its error if the error concerns it.
fn field(label: &str, name: &str, input: &str, error: Option<&(String, ApiError)>) -> String {
    let err = match error {
        Some((f, e)) if f == name => format!(r#"<div class="field-error" data-field="{}" role="alert"><b>{}</b>: {}</div>"#, esc(name), esc(e.code), esc(&e.message)),
        _ => String::new(),
    };
    format!(r#"<div class="field" data-field="{}"><label>{}</label>{input}{err}</div>"#, esc(name), esc(label))
}

fn input(name: &str, value: &str, kind: &str) -> String {
    format!(r#"<input name="{}" id="{0}" type="{kind}" value="{}">"#, esc(name), esc(value))
}

fn select(name: &str, options: &BTreeMap<String, String>, selected: &str, empty: Option<&str>) -> String {
    let mut out = format!(r#"<select name="{}" id="{0}">"#, esc(name));
    if let Some(label) = empty {
        out.push_str(&format!(r#"<option value="">{}</option>"#, esc(label)));
    }
    for (id, n) in options {
        out.push_str(&format!(r#"<option value="{}"{}>{}</option>"#, esc(id), if id == selected { " selected" } else { "" }, esc(n)));
    }
    out + "</select>"
}

fn checkboxes(name: &str, options: &BTreeMap<String, String>, checked: &[String]) -> String {
    options
        .iter()
        .map(|(id, n)| format!(r#"<label class="check"><input type="checkbox" name="{}" value="{}"{}> {}</label>"#, esc(name), esc(id), if checked.contains(id) { " checked" } else { "" }, esc(n)))
        .collect()
}

fn phone_fields(f: &Form, error: Option<&(String, ApiError)>) -> String {
    let types = BTreeMap::from([("SOFT_PHONE".to_string(), "Soft phone".to_string()), ("DESK_PHONE".to_string(), "Desk phone".to_string())]);
    let phone_type = f.opt("phoneConfig.phoneType").unwrap_or_else(|| "SOFT_PHONE".into());
    let acw = f.opt("phoneConfig.afterContactWorkTimeLimit").unwrap_or_else(|| "0".into());
    let auto = if f.get("phoneConfig.autoAccept") == "true" { " checked" } else { "" };
    [
        field("Phone type", "phoneConfig.phoneType", &select("phoneConfig.phoneType", &types, &phone_type, None), error),
        field("Desk phone number", "phoneConfig.deskPhoneNumber", &input("phoneConfig.deskPhoneNumber", f.get("phoneConfig.deskPhoneNumber"), "text"), error),
        field("After contact work time limit (s)", "phoneConfig.afterContactWorkTimeLimit", &input("phoneConfig.afterContactWorkTimeLimit", &acw, "text"), error),
        field("Auto accept", "phoneConfig.autoAccept", &format!(r#"<input type="checkbox" name="phoneConfig.autoAccept" value="true"{auto}>"#), error),
    ]
    .concat()
}

fn identity_fields(f: &Form, error: Option<&(String, ApiError)>) -> String {
    [("First name", "identityInfo.firstName", "text"), ("Last name", "identityInfo.lastName", "text"), ("Email", "identityInfo.email", "text"), ("Secondary email", "identityInfo.secondaryEmail", "text"), ("Mobile", "identityInfo.mobile", "text")]
        .iter()
        .map(|(label, name, kind)| field(label, name, &input(name, f.get(name), kind), error))
        .collect()
}

fn create_form(s: &Session, iid: &str, c: &Choices, f: &Form, error: Option<&(String, ApiError)>) -> String {
    let general = match error {
        Some((f, e)) if f.is_empty() => error_box(e),
        _ => String::new(),
    };
    let rp = f.opt("routingProfileId").unwrap_or_else(|| c.routing.iter().find(|(_, n)| *n == "Basic Routing Profile").map(|(i, _)| i.clone()).unwrap_or_default());
    format!(
        r#"{tabs}{general}<form method="post" action="/console/instances/{i}/users" class="user-form" id="create-user">{csrf}
{username}{password}<fieldset><legend>Identity</legend>{identity}</fieldset><fieldset><legend>Phone</legend>{phone}</fieldset>
{routing}{security}{group}{tags}<button type="submit">Create user</button></form>"#,
        tabs = tabs(iid),
        i = url(iid),
        csrf = csrf_field(s),
        username = field("Username", "username", &input("username", f.get("username"), "text"), error),
        password = field("Password", "password", &input("password", "", "password"), error),
        identity = identity_fields(f, error),
        phone = phone_fields(f, error),
        routing = field("Routing profile", "routingProfileId", &select("routingProfileId", &c.routing, &rp, None), error),
        security = field("Security profiles", "securityProfileIds", &checkboxes("securityProfileIds", &c.security, &f.all("securityProfileIds")), error),
        group = field("Hierarchy group", "hierarchyGroupId", &select("hierarchyGroupId", &c.groups, f.get("hierarchyGroupId"), Some("(none)")), error),
        tags = field("Tags (key=value, separated by |)", "tags", &input("tags", f.get("tags"), "text"), error),
    )
}

async fn new_form(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let c = choices(&app, &s, &iid).await;
    page(&s, "Create user", &create_form(&s, &iid, &c, &Form(Vec::new()), None))
}

/// A problem the console finds in a form before any operation runs (a value of the wrong
/// type for its member): shown like the API's errors.
fn form_error(field: &str, message: String) -> (String, ApiError) {
    (field.to_string(), ApiError::serialization(message))
}

fn identity_of(f: &Form) -> Option<dto::UserIdentityInfo> {
    let info = dto::UserIdentityInfo {
        first_name: f.opt("identityInfo.firstName"),
        last_name: f.opt("identityInfo.lastName"),
        email: f.opt("identityInfo.email"),
        secondary_email: f.opt("identityInfo.secondaryEmail"),
        mobile: f.opt("identityInfo.mobile"),
    };
    (info != dto::UserIdentityInfo::default()).then_some(info)
}

fn phone_of(f: &Form) -> Result<dto::UserPhoneConfig, (String, ApiError)> {
    let acw = f.get("phoneConfig.afterContactWorkTimeLimit");
    let acw = if acw.is_empty() {
        None
    } else {
        Some(acw.parse::<i64>().map_err(|_| form_error("phoneConfig.afterContactWorkTimeLimit", format!("'{acw}' is not a whole number of seconds")))?)
    };
    let phone_type = serde_json::from_value(Value::String(f.opt("phoneConfig.phoneType").unwrap_or_else(|| "SOFT_PHONE".into())))
        .map_err(|e| form_error("phoneConfig.phoneType", e.to_string()))?;
    Ok(dto::UserPhoneConfig {
        phone_type: Some(phone_type),
        auto_accept: Some(f.get("phoneConfig.autoAccept") == "true"),
        after_contact_work_time_limit: acw,
        desk_phone_number: f.opt("phoneConfig.deskPhoneNumber"),
        ..Default::default()
    })
}

fn tags_of(f: &Form) -> Result<Option<BTreeMap<String, String>>, (String, ApiError)> {
    let text = f.get("tags");
    if text.is_empty() {
        return Ok(None);
    }
    text.split('|')
        .map(|pair| pair.split_once('=').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).ok_or_else(|| form_error("tags", format!("'{pair}' is not key=value"))))
        .collect::<Result<_, _>>()
        .map(Some)
}

fn create_input(iid: &str, f: &Form) -> Result<dto::CreateUserRequest, (String, ApiError)> {
    Ok(dto::CreateUserRequest {
        instance_id: iid.to_string(),
        username: f.get("username").to_string(),
        password: f.opt("password"),
        identity_info: identity_of(f),
        phone_config: Some(phone_of(f)?),
        routing_profile_id: f.get("routingProfileId").to_string(),
        security_profile_ids: f.all("securityProfileIds"),
        hierarchy_group_id: f.opt("hierarchyGroupId"),
        tags: tags_of(f)?,
        ..Default::default()
    })
}

async fn create(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>, body: Bytes) -> Response {
    let f = Form::parse(&body);
    let s = match session_for_post(&app, &headers, &f) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let result = match create_input(&iid, &f) {
        Ok(input) => call(&app, &s, "CreateUser", serde_json::to_value(input).expect("model types serialize")).await.map_err(|e| (field_of(&e).to_string(), e)),
        Err(e) => Err(e),
    };
    match result {
        Ok(out) => redirect(&format!("/console/instances/{}/users/{}?created=1", url(&iid), url(out.get("UserId").and_then(Value::as_str).unwrap_or("")))),
        Err(error) => {
            let c = choices(&app, &s, &iid).await;
            let mut r = page(&s, "Create user", &create_form(&s, &iid, &c, &f, Some(&error)));
            *r.status_mut() = axum::http::StatusCode::from_u16(error.1.status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
            r
        }
    }
}

/// The user's page: every DescribeUser field, then the edit forms.
async fn user_page(app: &App, s: &Session, iid: &str, uid: &str, error: Option<(&str, (String, ApiError))>, notice: &str) -> Response {
    let user = match call(app, s, "DescribeUser", json!({"InstanceId": iid, "UserId": uid})).await {
        Ok(out) => out.get("User").cloned().unwrap_or_default(),
        Err(e) => return page(s, "User", &format!("{}{}", tabs(iid), error_box(&e))),
    };
    let c = choices(app, s, iid).await;
    let err = |form: &str| error.as_ref().filter(|(f, _)| *f == form).map(|(_, e)| e);
    let general = |form: &str| match err(form) {
        Some((f, e)) if f.is_empty() => error_box(e),
        _ => String::new(),
    };
    // The forms start from the user as it is.
    let mut current = Vec::new();
    for (member, name) in [("FirstName", "identityInfo.firstName"), ("LastName", "identityInfo.lastName"), ("Email", "identityInfo.email"), ("SecondaryEmail", "identityInfo.secondaryEmail"), ("Mobile", "identityInfo.mobile")] {
        current.push((name.to_string(), text(&user, &["IdentityInfo", member]).to_string()));
    }
    let pc = user.get("PhoneConfig").cloned().unwrap_or_default();
    current.push(("phoneConfig.phoneType".into(), text(&pc, &["PhoneType"]).to_string()));
    current.push(("phoneConfig.deskPhoneNumber".into(), text(&pc, &["DeskPhoneNumber"]).to_string()));
    current.push(("phoneConfig.afterContactWorkTimeLimit".into(), pc.get("AfterContactWorkTimeLimit").and_then(Value::as_i64).unwrap_or(0).to_string()));
    if pc.get("AutoAccept").and_then(Value::as_bool) == Some(true) {
        current.push(("phoneConfig.autoAccept".into(), "true".into()));
    }
    let f = Form(current);
    let sps: Vec<String> = user.get("SecurityProfileIds").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
    let base = format!("/console/instances/{}/users/{}", url(iid), url(uid));
    let csrf = csrf_field(s);
    let username = text(&user, &["Username"]).to_string();
    let body = format!(
        r#"{tabs}{notice}<section><h2>Every field (DescribeUser)</h2>{fields}</section>
<section><h2>Identity</h2>{g_identity}<form method="post" action="{base}/identity" id="edit-identity">{csrf}{identity}<button>Save identity</button></form></section>
<section><h2>Phone</h2>{g_phone}<form method="post" action="{base}/phone" id="edit-phone">{csrf}{phone}<button>Save phone</button></form></section>
<section><h2>Security profiles</h2>{g_sp}<form method="post" action="{base}/security-profiles" id="edit-security-profiles">{csrf}{sp}<button>Save security profiles</button></form></section>
<section><h2>Routing profile</h2>{g_rp}<form method="post" action="{base}/routing-profile" id="edit-routing-profile">{csrf}{rp}<button>Save routing profile</button></form></section>
<section><h2>Hierarchy group</h2>{g_h}<form method="post" action="{base}/hierarchy" id="edit-hierarchy">{csrf}{h}<button>Save hierarchy group</button></form></section>
<section><h2>Delete</h2><a class="button danger" href="{base}/confirm-delete">Delete {uname}…</a></section>"#,
        tabs = tabs(iid),
        notice = notice,
        fields = super::json_table(&user),
        g_identity = general("identity"),
        identity = identity_fields(&f, err("identity")),
        g_phone = general("phone"),
        phone = phone_fields(&f, err("phone")),
        g_sp = general("security-profiles"),
        sp = field("Security profiles", "securityProfileIds", &checkboxes("securityProfileIds", &c.security, &sps), err("security-profiles")),
        g_rp = general("routing-profile"),
        rp = field("Routing profile", "routingProfileId", &select("routingProfileId", &c.routing, text(&user, &["RoutingProfileId"]), None), err("routing-profile")),
        g_h = general("hierarchy"),
        h = field("Hierarchy group", "hierarchyGroupId", &select("hierarchyGroupId", &c.groups, text(&user, &["HierarchyGroupId"]), Some("(none)")), err("hierarchy")),
        uname = esc(&username),
    );
    let mut r = page(s, &format!("User {username}"), &body);
    if let Some((_, (_, e))) = &error {
        *r.status_mut() = axum::http::StatusCode::from_u16(e.status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
    }
    r
}

async fn detail(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, uid)): Path<(String, String)>, uri: Uri) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let q = Form::query(&uri);
    let notice = match (q.get("created"), q.get("saved")) {
        ("1", _) => r#"<div class="notice" role="status">User created.</div>"#.to_string(),
        (_, "") => String::new(),
        (_, what) => format!(r#"<div class="notice" role="status">Saved: {}.</div>"#, esc(what)),
    };
    user_page(&app, &s, &iid, &uid, None, &notice).await
}

async fn update(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, uid, what)): Path<(String, String, String)>, body: Bytes) -> Response {
    let f = Form::parse(&body);
    let s = match session_for_post(&app, &headers, &f) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (name, input): (&'static str, Result<Value, (String, ApiError)>) = match what.as_str() {
        "identity" => (
            "UpdateUserIdentityInfo",
            Ok(serde_json::to_value(dto::UpdateUserIdentityInfoRequest { instance_id: iid.clone(), user_id: uid.clone(), identity_info: identity_of(&f).unwrap_or_default() }).expect("serializes")),
        ),
        "phone" => (
            "UpdateUserPhoneConfig",
            phone_of(&f).map(|p| serde_json::to_value(dto::UpdateUserPhoneConfigRequest { instance_id: iid.clone(), user_id: uid.clone(), phone_config: p }).expect("serializes")),
        ),
        "security-profiles" => (
            "UpdateUserSecurityProfiles",
            Ok(serde_json::to_value(dto::UpdateUserSecurityProfilesRequest { instance_id: iid.clone(), user_id: uid.clone(), security_profile_ids: f.all("securityProfileIds") }).expect("serializes")),
        ),
        "routing-profile" => (
            "UpdateUserRoutingProfile",
            Ok(serde_json::to_value(dto::UpdateUserRoutingProfileRequest { instance_id: iid.clone(), user_id: uid.clone(), routing_profile_id: f.get("routingProfileId").to_string() }).expect("serializes")),
        ),
        "hierarchy" => (
            "UpdateUserHierarchy",
            Ok(serde_json::to_value(dto::UpdateUserHierarchyRequest { instance_id: iid.clone(), user_id: uid.clone(), hierarchy_group_id: f.opt("hierarchyGroupId") }).expect("serializes")),
        ),
        "delete" => ("DeleteUser", Ok(json!({"InstanceId": iid, "UserId": uid}))),
        _ => return super::html_response(axum::http::StatusCode::NOT_FOUND, "Not found".into()),
    };
    let result = match input {
        Ok(input) => call(&app, &s, name, input).await.map_err(|e| (field_of(&e).to_string(), e)),
        Err(e) => Err(e),
    };
    match (result, what.as_str()) {
        (Ok(_), "delete") => redirect(&format!("/console/instances/{}/users?deleted=1", url(&iid))),
        (Ok(_), _) => redirect(&format!("/console/instances/{}/users/{}?saved={}", url(&iid), url(&uid), url(&what))),
        (Err(e), "delete") => page(&s, "Delete user", &format!("{}{}", tabs(&iid), error_box(&e.1))),
        (Err(e), _) => user_page(&app, &s, &iid, &uid, Some((what.as_str(), e)), "").await,
    }
}

async fn confirm_delete(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, uid)): Path<(String, String)>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let user = match call(&app, &s, "DescribeUser", json!({"InstanceId": iid, "UserId": uid})).await {
        Ok(out) => out.get("User").cloned().unwrap_or_default(),
        Err(e) => return page(&s, "Delete user", &error_box(&e)),
    };
    let body = format!(
        r#"{tabs}<p>Delete user <b>{name}</b> ({id})? This cannot be undone.</p>
<form method="post" action="/console/instances/{i}/users/{u}/delete" id="confirm-delete">{csrf}<button class="danger">Delete</button> <a href="/console/instances/{i}/users/{u}">Cancel</a></form>"#,
        tabs = tabs(&iid),
        name = esc(text(&user, &["Username"])),
        id = esc(&uid),
        i = url(&iid),
        u = url(&uid),
        csrf = csrf_field(&s)
    );
    page(&s, "Delete user", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_find_their_field() {
        let v = ApiError::new("InvalidParameterException", "1 validation error detected: Value '*** Sensitive Data Redacted ***' at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern");
        assert_eq!(field_of(&v), "password");
        let v = ApiError::new("InvalidParameterException", "1 validation error detected: Value 'x' at 'identityInfo.firstName' failed");
        assert_eq!(field_of(&v), "identityInfo.firstName");
        assert_eq!(field_of(&ApiError::invalid_request("The routing profile rp does not exist")), "routingProfileId");
        assert_eq!(field_of(&ApiError::duplicate("User with the name 'jdoe' already exists")), "username");
        assert_eq!(field_of(&ApiError::internal("Try again later")), "");
    }
}
