//! CreateInstance: a new instance with the resources Amazon Connect seeds in every instance
//! (`super::defaults`), all in one insert.
use super::defaults;
use crate::error::ApiError;
use crate::service::{instance_arn, new_id, to_body, Ctx};
use crate::store::Record;
use switchboard_model::dto::{self, DirectoryType};

pub async fn handle(ctx: &Ctx, input: dto::CreateInstanceRequest) -> Result<dto::CreateInstanceResponse, ApiError> {
    let identity = input.identity_management_type;
    match (identity, &input.directory_id) {
        (DirectoryType::ExistingDirectory, None) => {
            return Err(ApiError::invalid_request("DirectoryId is required for EXISTING_DIRECTORY identity management"))
        }
        (DirectoryType::ConnectManaged | DirectoryType::Saml, Some(_)) => {
            return Err(ApiError::invalid_request(format!("DirectoryId cannot be set for {} identity management", identity.as_str())))
        }
        _ => {}
    }
    if identity != DirectoryType::ExistingDirectory && input.instance_alias.is_none() {
        return Err(ApiError::invalid_request(format!("InstanceAlias is required for {} identity management", identity.as_str())));
    }
    let id = new_id();
    let arn = instance_arn(ctx.region(), ctx.account(), &id);
    let alias = input.instance_alias.clone().or_else(|| input.directory_id.clone());
    let instance = dto::Instance {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        identity_management_type: Some(identity),
        instance_alias: input.instance_alias.clone(),
        created_time: Some(ctx.now),
        service_role: Some(format!(
            "arn:aws:iam::{}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_{}",
            ctx.account(),
            &id[..8]
        )),
        instance_status: Some(dto::InstanceStatus::Active),
        inbound_calls_enabled: Some(input.inbound_calls_enabled),
        outbound_calls_enabled: Some(input.outbound_calls_enabled),
        instance_access_url: alias.as_ref().map(|a| format!("https://{a}.my.connect.aws")),
        tags: Some(input.tags.clone().unwrap_or_default()),
        ..Default::default()
    };
    let mut records = vec![Record {
        key: ctx.instance_key(&id),
        name: alias,
        body: to_body(&instance),
        secret: None,
        refs: vec![],
    }];
    records.extend(defaults::records(ctx, &instance));
    ctx.store.insert(records).await.map_err(|e| match e {
        crate::store::StoreError::Duplicate { .. } => ApiError::duplicate(format!(
            "An instance with the alias '{}' already exists",
            input.instance_alias.as_deref().unwrap_or_default()
        )),
        other => other.into(),
    })?;
    Ok(dto::CreateInstanceResponse { id: Some(id), arn: Some(arn) })
}
