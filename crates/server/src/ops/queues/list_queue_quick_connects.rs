//! ListQueueQuickConnects: the quick connects the queue offers, as summaries, in id order,
//! with the queue's LastModifiedTime and LastModifiedRegion.
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::resources::resource;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListQueueQuickConnectsRequest) -> Result<dto::ListQueueQuickConnectsResponse, ApiError> {
    let queue: StoredQueue = body(&ctx.record(&input.instance_id, Kind::Queue, &input.queue_id).await?)?;
    let mut ids = queue.quick_connect_ids.unwrap_or_default();
    ids.sort();
    let described = resource(Kind::QuickConnect).expect("quick connects are described");
    let mut summaries = Vec::new();
    for id in ids {
        // A queue's quick connects cannot be deleted under it: each one exists.
        if let Some(rec) = ctx.store.get(&ctx.key(&input.instance_id, Kind::QuickConnect, &id)).await? {
            summaries.push((id, described.summary::<dto::QuickConnectSummary>(&rec.body)));
        }
    }
    let key = format!("{}/quick-connects", input.queue_id);
    let (page, next_token, _) = search_page(Kind::QuickConnect, &key, summaries, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::ListQueueQuickConnectsResponse {
        quick_connect_summary_list: Some(page),
        next_token,
        last_modified_time: queue.queue.last_modified_time,
        last_modified_region: queue.queue.last_modified_region,
    })
}
