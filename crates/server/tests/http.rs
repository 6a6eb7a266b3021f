//! The rest-json protocol end to end through the axum router (no sockets): routing, auth,
//! decoding, validation and error shapes, on a real SQLite store in a temporary directory.
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use switchboard_server::auth::AnyKey;
use switchboard_server::http::{router, App, DEFAULT_MAX_BODY};
use switchboard_server::store::sqlite::SqliteStore;
use tower::ServiceExt;

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKID/20261123/eu-west-1/connect/aws4_request, SignedHeaders=host, Signature=00";

struct Server {
    _dir: tempfile::TempDir,
    app: axum::Router,
}

impl Server {
    fn new() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        let app = Arc::new(App::new(Arc::new(store), Arc::new(AnyKey { account_id: "111122223333".into() }), switchboard_server::emulate::Emulator::off()));
        Server { _dir: dir, app: router(app) }
    }

    async fn call(&self, method: &str, uri: &str, body: impl Into<Body>, auth: bool) -> (StatusCode, Option<String>, Value) {
        let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
        if auth {
            req = req.header("authorization", AUTH);
        }
        let res = self.app.clone().oneshot(req.body(body.into()).unwrap()).await.unwrap();
        assert!(res.headers().contains_key("x-amzn-requestid"), "every response carries x-amzn-RequestId");
        let status = res.status();
        let kind = res.headers().get("x-amzn-errortype").map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        (status, kind, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    async fn ok(&self, method: &str, uri: &str, body: Value) -> Value {
        let (status, kind, value) = self.call(method, uri, body.to_string(), true).await;
        assert_eq!(status, StatusCode::OK, "{kind:?} {value}");
        value
    }

    async fn instance(&self, identity: &str) -> (String, String, String) {
        let created = self.ok("PUT", "/instance", json!({"IdentityManagementType": identity, "InstanceAlias": format!("a{}", rand_suffix()), "InboundCallsEnabled": true, "OutboundCallsEnabled": true})).await;
        let id = created["Id"].as_str().unwrap().to_string();
        let sps = self.ok("GET", &format!("/security-profiles-summary/{id}"), json!({})).await;
        let sp = sps["SecurityProfileSummaryList"].as_array().unwrap().iter().find(|s| s["Name"] == "Agent").unwrap()["Id"].as_str().unwrap().to_string();
        let rps = self.ok("GET", &format!("/routing-profiles-summary/{id}"), json!({})).await;
        let rp = rps["RoutingProfileSummaryList"][0]["Id"].as_str().unwrap().to_string();
        (id, sp, rp)
    }
}

fn rand_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_string()
}

#[tokio::test]
async fn requests_without_a_signature_are_refused() {
    let s = Server::new();
    let (status, kind, body) = s.call("GET", "/instance", Body::empty(), false).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::FORBIDDEN, Some("MissingAuthenticationTokenException")));
    assert_eq!(body["Message"], "Missing Authentication Token");
}

#[tokio::test]
async fn unknown_routes_and_unimplemented_operations_say_so() {
    let s = Server::new();
    let (status, kind, _) = s.call("GET", "/definitely/not/connect", Body::empty(), true).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::NOT_FOUND, Some("UnknownOperationException")));
    let (status, kind, body) = s.call("GET", "/rules/inst-1", Body::empty(), true).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::NOT_IMPLEMENTED, Some("NotImplementedException")));
    assert!(body["Message"].as_str().unwrap().contains("ListRules"), "{body}");
}

#[tokio::test]
async fn bad_bodies_are_client_errors() {
    let s = Server::new();
    let (id, _, _) = s.instance("SAML").await;
    let uri = format!("/users/{id}");
    for body in ["{not json", "[1,2,3]", r#"{"Username": 42}"#, r#"{"PhoneConfig": {"AutoAccept": "yes"}}"#] {
        let (status, kind, _) = s.call("PUT", &uri, body, true).await;
        assert_eq!((status, kind.as_deref()), (StatusCode::BAD_REQUEST, Some("SerializationException")), "{body}");
    }
    let big = format!(r#"{{"Username": "{}"}}"#, "x".repeat(DEFAULT_MAX_BODY));
    let (status, _, _) = s.call("PUT", &uri, big, true).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn model_constraints_answer_in_aws_words_and_change_nothing() {
    let s = Server::new();
    let (id, sp, rp) = s.instance("SAML").await;
    let (status, kind, body) = s
        .call("PUT", &format!("/users/{id}"), json!({"Username": "", "SecurityProfileIds": [sp], "RoutingProfileId": rp}).to_string(), true)
        .await;
    assert_eq!((status, kind.as_deref()), (StatusCode::BAD_REQUEST, Some("InvalidParameterException")));
    assert_eq!(
        body["Message"],
        "1 validation error detected: Value '' at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    let users = s.ok("GET", &format!("/users-summary/{id}"), json!({})).await;
    assert_eq!(users["UserSummaryList"], json!([]));
}

#[tokio::test]
async fn create_then_describe_a_user_with_the_region_of_the_signature() {
    let s = Server::new();
    let (id, sp, rp) = s.instance("CONNECT_MANAGED").await;
    let created = s
        .ok(
            "PUT",
            &format!("/users/{id}"),
            json!({"Username": "jdoe", "Password": "Passw0rd!", "IdentityInfo": {"FirstName": "John", "LastName": "Doe"},
                   "SecurityProfileIds": [sp], "RoutingProfileId": rp, "Tags": {"team": "blue"}}),
        )
        .await;
    let user_id = created["UserId"].as_str().unwrap();
    assert_eq!(created["UserArn"], format!("arn:aws:connect:eu-west-1:111122223333:instance/{id}/agent/{user_id}"));
    let described = s.ok("GET", &format!("/users/{id}/{user_id}"), json!({})).await;
    let user = &described["User"];
    assert_eq!(user["Username"], "jdoe");
    assert_eq!(user["LastModifiedRegion"], "eu-west-1");
    assert_eq!(user["PhoneConfig"], json!({"PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 0}));
    assert!(user.get("Password").is_none() && !described.to_string().contains("Passw0rd!"));
    // The tag ARN route takes the whole ARN, percent-encoded, as one label.
    let arn = percent_encoding::utf8_percent_encode(user["Arn"].as_str().unwrap(), percent_encoding::NON_ALPHANUMERIC).to_string();
    let tags = s.ok("GET", &format!("/tags/{arn}"), json!({})).await;
    assert_eq!(tags["tags"], json!({"team": "blue"}));
}
