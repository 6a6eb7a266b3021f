//! ListInstances: the caller's account's instances, at most 10 a page.
use super::summaries;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListInstancesRequest) -> Result<dto::ListInstancesResponse, ApiError> {
    let (records, next_token) = ctx.page("", Kind::Instance, input.next_token.as_deref(), input.max_results, 10).await?;
    let list = summaries(&records, |b| {
        let i: dto::Instance = serde_json::from_value(b.clone()).unwrap_or_default();
        dto::InstanceSummary {
            id: i.id,
            arn: i.arn,
            identity_management_type: i.identity_management_type,
            instance_alias: i.instance_alias,
            created_time: i.created_time,
            service_role: i.service_role,
            instance_status: i.instance_status,
            inbound_calls_enabled: i.inbound_calls_enabled,
            outbound_calls_enabled: i.outbound_calls_enabled,
            instance_access_url: i.instance_access_url,
        }
    });
    Ok(dto::ListInstancesResponse { instance_summary_list: Some(list), next_token })
}
