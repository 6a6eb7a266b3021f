//! SearchVocabularies: the instance's vocabularies by name prefix, state and language, in
//! name order, as summaries (without their content).
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{body, Ctx};
use crate::store::Kind;
use serde_json::Value;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchVocabulariesRequest) -> Result<dto::SearchVocabulariesResponse, ApiError> {
    let (state, language) = (input.state.map(|s| Value::from(s.as_str())), input.language_code.map(|l| Value::from(l.as_str())));
    let keep = move |b: &Value| state.as_ref().is_none_or(|s| b.get("State") == Some(s)) && language.as_ref().is_none_or(|l| b.get("LanguageCode") == Some(l));
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) = crud::filtered_page(
        ctx,
        &input.instance_id,
        Kind::Vocabulary,
        input.name_starts_with.as_deref(),
        keep,
        input.next_token.as_deref(),
        input.max_results,
        100,
    )
    .await?;
    let summaries = records.iter().map(body).collect::<Result<_, _>>()?;
    Ok(dto::SearchVocabulariesResponse { vocabulary_summary_list: Some(summaries), next_token })
}
