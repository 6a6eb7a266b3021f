//! SearchUserHierarchyGroups: StringCondition on name, resourceID, parentId or levelId;
//! AttributeFilter on tags. Results are full HierarchyGroup objects with current paths.
use crate::error::ApiError;
use crate::search::{self, field_names, Criteria, GROUP_FIELDS};
use crate::service::{hierarchy_path_ids, refresh_hierarchy_path, search_page, to_body, Ctx};
use crate::store::Kind;
use std::collections::HashMap;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchUserHierarchyGroupsRequest) -> Result<dto::SearchUserHierarchyGroupsResponse, ApiError> {
    let criteria = input.search_criteria.as_ref().map(to_body);
    let filter = input.search_filter.as_ref().and_then(|f| f.attribute_filter.as_ref()).map(to_body);
    let criteria = Criteria::parse(criteria.as_ref(), &field_names(GROUP_FIELDS))?.and(Criteria::attribute_filter(filter.as_ref())?);
    ctx.instance(&input.instance_id).await?;
    let groups: HashMap<String, serde_json::Value> =
        ctx.all(&input.instance_id, Kind::HierarchyGroup).await?.into_iter().map(|r| (r.key.id, r.body)).collect();
    let mut matches: Vec<(String, dto::HierarchyGroup)> = Vec::new();
    for (id, body) in &groups {
        let mut g = body.clone();
        // The parent's id, for the parentId field.
        let path = hierarchy_path_ids(&g);
        if path.len() >= 2 {
            g["ParentGroupId"] = path[path.len() - 2].clone().into();
        }
        if criteria.matches(&search::subject(&g, GROUP_FIELDS)) {
            refresh_hierarchy_path(&mut g, |id| groups.get(id).cloned());
            matches.push(search::summary((id.clone(), g)));
        }
    }
    matches.sort_by(|a, b| a.0.cmp(&b.0));
    let (found, next_token, total) =
        search_page(Kind::HierarchyGroup, &input.instance_id, matches, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::SearchUserHierarchyGroupsResponse { user_hierarchy_groups: Some(found), next_token, approximate_total_count: Some(total) })
}
