//! Instance storage configurations: where an instance keeps (Amazon S3) or streams (Kinesis)
//! the data of one resource type: call recordings, chat transcripts, contact trace records,
//! media streams, … One association per resource type and instance, named by its
//! AssociationId; its body is the model's InstanceStorageConfig (with that AssociationId)
//! and the resource type. The bucket, stream or key it names is a reference: nothing outside
//! switchboard is called or checked.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::{Kind, Record};
use serde::{Deserialize, Serialize};
use switchboard_model::dto::{self, InstanceStorageResourceType as Resource, StorageType};

pub mod associate_instance_storage_config;
pub mod describe_instance_storage_config;
pub mod disassociate_instance_storage_config;
pub mod list_instance_storage_configs;
pub mod update_instance_storage_config;

/// A storage configuration as stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredStorageConfig {
    #[serde(flatten)]
    pub config: dto::InstanceStorageConfig,
    #[serde(rename = "ResourceType")]
    pub resource_type: Resource,
}

/// The storage types each resource type can use (docs/rules.md, "Instance storage
/// configurations").
fn storage_types(resource: Resource) -> &'static [StorageType] {
    match resource {
        Resource::ChatTranscripts
        | Resource::CallRecordings
        | Resource::ScheduledReports
        | Resource::Attachments
        | Resource::ContactEvaluations
        | Resource::ScreenRecordings
        | Resource::EmailMessages => &[StorageType::S3],
        Resource::MediaStreams => &[StorageType::KinesisVideoStream],
        Resource::ContactTraceRecords => &[StorageType::KinesisStream, StorageType::KinesisFirehose],
        Resource::AgentEvents
        | Resource::RealTimeContactAnalysisSegments
        | Resource::RealTimeContactAnalysisChatSegments
        | Resource::RealTimeContactAnalysisVoiceSegments => &[StorageType::KinesisStream],
    }
}

/// A storage configuration given for `resource`, checked, as it is stored (without an
/// AssociationId: the association's own is set by the caller). Its StorageType must be one
/// the resource type can use, and it has that type's configuration and no other.
pub fn checked(resource: Resource, mut config: dto::InstanceStorageConfig) -> Result<dto::InstanceStorageConfig, ApiError> {
    let storage = config.storage_type;
    let allowed = storage_types(resource);
    if !allowed.contains(&storage) {
        let names: Vec<&str> = allowed.iter().map(StorageType::as_str).collect();
        return Err(ApiError::invalid_parameter(format!(
            "StorageType {} is not valid for resource type {}: use {}",
            storage.as_str(),
            resource.as_str(),
            names.join(" or ")
        )));
    }
    let members = [
        ("S3Config", StorageType::S3, config.s3_config.is_some()),
        ("KinesisVideoStreamConfig", StorageType::KinesisVideoStream, config.kinesis_video_stream_config.is_some()),
        ("KinesisStreamConfig", StorageType::KinesisStream, config.kinesis_stream_config.is_some()),
        ("KinesisFirehoseConfig", StorageType::KinesisFirehose, config.kinesis_firehose_config.is_some()),
    ];
    for (member, for_type, given) in members {
        if for_type == storage && !given {
            return Err(ApiError::invalid_parameter(format!("StorageConfig.{member} is required for StorageType {}", storage.as_str())));
        }
        if for_type != storage && given {
            return Err(ApiError::invalid_parameter(format!("StorageConfig.{member} cannot be set for StorageType {}", storage.as_str())));
        }
    }
    config.association_id = None;
    Ok(config)
}

/// The association `association_id` of the instance, for `resource` (ResourceNotFoundException
/// when the instance has no such association for that resource type).
pub async fn find(ctx: &Ctx, instance: &str, association_id: &str, resource: Resource) -> Result<(Record, StoredStorageConfig), ApiError> {
    let missing = || ApiError::not_found(format!("No storage configuration {association_id} for resource type {} in instance {instance}", resource.as_str()));
    ctx.instance(instance).await?;
    let rec = ctx.store.get(&ctx.key(instance, Kind::StorageConfig, association_id)).await?.ok_or_else(missing)?;
    let stored: StoredStorageConfig = crate::service::body(&rec)?;
    if stored.resource_type != resource {
        return Err(missing());
    }
    Ok((rec, stored))
}
