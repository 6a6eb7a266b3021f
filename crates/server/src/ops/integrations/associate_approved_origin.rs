//! AssociateApprovedOrigin: a web origin that may embed the instance's contact control panel
//! or chat. An origin is a scheme (http or https), a host and an optional port, with no path
//! (RFC 6454; docs/rules.md, "Integrations").
use super::Association;
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::json;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateApprovedOriginRequest) -> Result<(), ApiError> {
    let origin = input.origin;
    let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    if !host.is_some_and(|h| !h.is_empty() && !h.contains(['/', '?', '#']) && !h.contains(char::is_whitespace)) {
        return Err(ApiError::invalid_parameter(format!("Origin '{origin}' is not an origin: scheme://host[:port], the scheme http or https")));
    }
    super::associate(ctx, &input.instance_id, Association { kind: crate::store::Kind::ApprovedOrigin, name: origin.clone(), body: json!({ "Origin": origin }) }).await
}
