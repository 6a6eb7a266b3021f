//! ListInstances: the caller's account's instances in the caller's Region (an instance lives
//! in the Region that created it), in id order, at most 10 a page.
use crate::error::ApiError;
use crate::ops::resources::resource;
use crate::service::{decode_token, encode_token, Ctx};
use crate::store::{arn_region, Kind, Record};
use switchboard_model::dto;

/// Instance records read from the store at a time while filling a page.
const BATCH: usize = 100;

pub async fn handle(ctx: &Ctx, input: dto::ListInstancesRequest) -> Result<dto::ListInstancesResponse, ApiError> {
    let described = resource(Kind::Instance).expect("instances are described");
    let limit = input.max_results.unwrap_or(described.list_page).max(1) as usize;
    let mut cursor = input.next_token.as_deref().map(|t| decode_token(t, Kind::Instance, "")).transpose()?;
    // The account's instances of every Region share one key range: read on from the
    // NextToken's id until the page (and one more, to know there is a next page) is full.
    let mut page: Vec<Record> = Vec::new();
    'read: loop {
        let batch = ctx.store.list(&ctx.list_query("", Kind::Instance, cursor.clone(), None, BATCH)).await?;
        let more = batch.len() == BATCH;
        for rec in batch {
            cursor = Some(rec.key.id.clone());
            if arn_region(&rec.body) == Some(ctx.region()) {
                page.push(rec);
                if page.len() > limit {
                    break 'read;
                }
            }
        }
        if !more {
            break;
        }
    }
    let next_token = (page.len() > limit).then(|| {
        page.truncate(limit);
        encode_token(Kind::Instance, "", &page[limit - 1].key.id)
    });
    let list = page.iter().map(|rec| described.summary(&rec.body)).collect();
    Ok(dto::ListInstancesResponse { instance_summary_list: Some(list), next_token })
}
