//! AssociateHoursOfOperations: the child (the hours in the path) inherits the overrides of
//! the parents given, besides those it already has; each parent must exist in the instance
//! (the store checks it in the write), may not be the child itself, and a child has at most
//! three parents (ServiceQuotaExceededException, which the operation models for it).
use super::{parent_identifiers, parent_ids, StoredHours, MAX_PARENTS};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateHoursOfOperationsRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let added = parent_ids(Some(&input.parent_hours_of_operation_configs), &input.hours_of_operation_id)?;
    let (scope, child) = (instance.clone(), input.hours_of_operation_id.clone());
    crud::update_refs(ctx, &scope, &child, move |h: &mut StoredHours| {
        let mut parents: Vec<String> = h.parent_ids().map(str::to_string).collect();
        for id in added {
            if !parents.contains(&id) {
                parents.push(id);
            }
        }
        if parents.len() > MAX_PARENTS {
            return Err(ApiError::new(
                "ServiceQuotaExceededException",
                format!("An hours of operation inherits from at most {MAX_PARENTS} parents; {} would have {}", h.id(), parents.len()),
            ));
        }
        h.hours.parent_hours_of_operations = parent_identifiers(&instance, &parents);
        Ok(())
    })
    .await
}
