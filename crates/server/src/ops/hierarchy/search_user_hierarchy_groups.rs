//! SearchUserHierarchyGroups: StringCondition on name, resourceID, parentId or levelId;
//! AttributeFilter on tags. Results are full HierarchyGroup objects with current paths.
//!
//! The groups are read a batch at a time (memory follows the page, not the instance); only
//! the groups on the page get their paths refreshed, from their ancestors looked up then.
use crate::error::ApiError;
use crate::search::{self, field_names, Criteria, GROUP_FIELDS};
use crate::service::{hierarchy_path_ids, refresh_hierarchy_path, search_scan, to_body, Ctx};
use crate::store::Kind;
use std::collections::HashMap;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchUserHierarchyGroupsRequest) -> Result<dto::SearchUserHierarchyGroupsResponse, ApiError> {
    let criteria = input.search_criteria.as_ref().map(to_body);
    let filter = input.search_filter.as_ref().and_then(|f| f.attribute_filter.as_ref()).map(to_body);
    let criteria = Criteria::parse(criteria.as_ref(), &field_names(GROUP_FIELDS))?.and(Criteria::attribute_filter(filter.as_ref())?);
    let instance = &input.instance_id;
    ctx.instance(instance).await?;
    let (page, next_token, total) = search_scan(ctx, instance, Kind::HierarchyGroup, input.next_token.as_deref(), input.max_results, 100, |r| {
        let mut g = r.body;
        // The parent's id, for the parentId field.
        let path = hierarchy_path_ids(&g);
        if path.len() >= 2 {
            g["ParentGroupId"] = path[path.len() - 2].clone().into();
        }
        criteria.matches(&search::subject(&g, GROUP_FIELDS)).then_some(g)
    })
    .await?;
    // The current state of every group on the page's paths.
    let mut ancestors: HashMap<String, serde_json::Value> = HashMap::new();
    for id in page.iter().flat_map(hierarchy_path_ids) {
        if !ancestors.contains_key(&id) {
            if let Some(rec) = ctx.store.get(&ctx.key(instance, Kind::HierarchyGroup, &id)).await? {
                ancestors.insert(id, rec.body);
            }
        }
    }
    let found = page
        .into_iter()
        .map(|mut g| {
            refresh_hierarchy_path(&mut g, |id| ancestors.get(id).cloned());
            search::summary((String::new(), g)).1
        })
        .collect();
    Ok(dto::SearchUserHierarchyGroupsResponse { user_hierarchy_groups: Some(found), next_token, approximate_total_count: Some(total) })
}
