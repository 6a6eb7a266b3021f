//! Prompts: audio a flow plays. The audio stays where its S3 URI points: switchboard keeps
//! the URI and never fetches it.
use crate::ops::crud::Stored;
use crate::store::Kind;
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod create_prompt;
pub mod delete_prompt;
pub mod describe_prompt;
pub mod list_prompts;
pub mod search_prompts;
pub mod update_prompt;

/// A prompt as stored: the model's Prompt plus the S3 URI of its audio (which the Prompt
/// shape does not return). Connect's default prompts have none.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredPrompt {
    #[serde(flatten)]
    pub prompt: dto::Prompt,
    #[serde(rename = "S3Uri", default, skip_serializing_if = "Option::is_none")]
    pub s3_uri: Option<String>,
}

impl Stored for StoredPrompt {
    const KIND: Kind = Kind::Prompt;
}
