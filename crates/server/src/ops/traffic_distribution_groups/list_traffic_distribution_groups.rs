//! ListTrafficDistributionGroups: the groups of the account's Region, or of one instance
//! (InstanceId, by id or ARN), in name order, 10 to a page unless MaxResults says otherwise.
use super::StoredGroup;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{body, Ctx};
use crate::store::Kind;
use std::collections::HashMap;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListTrafficDistributionGroupsRequest) -> Result<dto::ListTrafficDistributionGroupsResponse, ApiError> {
    let only = match &input.instance_id {
        Some(id) => Some(ctx.instance(super::instance_id(id)).await?.id.unwrap_or_default()),
        None => None,
    };
    let keep = move |b: &serde_json::Value| {
        only.as_ref().is_none_or(|i| b.get("InstanceId").and_then(|v| v.as_str()) == Some(i.as_str()))
    };
    let prefix = super::record_name(ctx.region(), "");
    let (records, next_token) =
        crud::filtered_page(ctx, "", Kind::TrafficDistributionGroup, Some(&prefix), keep, input.next_token.as_deref(), input.max_results, 10).await?;
    // A group goes with its instance: one whose instance is gone is not listed.
    let mut live: HashMap<String, bool> = HashMap::new();
    let mut list = Vec::new();
    for rec in &records {
        let stored: StoredGroup = body(rec)?;
        if !live.contains_key(&stored.instance_id) {
            live.insert(stored.instance_id.clone(), ctx.instance(&stored.instance_id).await.is_ok());
        }
        if !live[&stored.instance_id] {
            continue;
        }
        let status = stored.status(ctx.now);
        let g = stored.group;
        list.push(dto::TrafficDistributionGroupSummary {
            id: g.id,
            arn: g.arn,
            name: g.name,
            instance_arn: g.instance_arn,
            status: Some(status),
            is_default: g.is_default,
        });
    }
    Ok(dto::ListTrafficDistributionGroupsResponse { traffic_distribution_group_summary_list: Some(list), next_token })
}
