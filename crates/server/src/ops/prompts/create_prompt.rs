//! CreatePrompt: a prompt whose audio is at an S3 URI (kept, not fetched); the name is
//! unique in the instance.
use super::StoredPrompt;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreatePromptRequest) -> Result<dto::CreatePromptResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::Prompt);
    let stored = StoredPrompt {
        prompt: dto::Prompt {
            prompt_id: Some(id.clone()),
            prompt_arn: Some(arn.clone()),
            name: Some(input.name),
            description: input.description,
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
        s3_uri: Some(input.s3_uri),
    };
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreatePromptResponse { prompt_id: Some(id), prompt_arn: Some(arn) })
}
