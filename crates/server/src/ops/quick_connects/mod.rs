//! Quick connects: destinations an agent can transfer a contact to, a user, a queue, a phone
//! number or a flow. A quick connect references its user, queue and flow, so those cannot
//! be deleted under it; queues reference the quick connects their agents see.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{body, Ctx};
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto::{self, ContactFlowType, QuickConnectType};

pub mod create_quick_connect;
pub mod delete_quick_connect;
pub mod describe_quick_connect;
pub mod list_quick_connects;
pub mod search_quick_connects;
pub mod update_quick_connect_config;
pub mod update_quick_connect_name;

/// A quick connect as stored: the model's QuickConnect plus its type at the top (where
/// QuickConnectSummary reads it).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredQuickConnect {
    #[serde(flatten)]
    pub quick_connect: dto::QuickConnect,
    #[serde(rename = "QuickConnectType", default)]
    pub quick_connect_type: QuickConnectType,
}

impl Stored for StoredQuickConnect {
    const KIND: Kind = Kind::QuickConnect;

    /// Its user, queue and flow.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let Some(c) = &self.quick_connect.quick_connect_config else { return Vec::new() };
        let key = |kind, id: &String| Key::in_instance(account, instance, kind, id);
        let user = c.user_config.iter().flat_map(|u| [key(Kind::User, &u.user_id), key(Kind::ContactFlow, &u.contact_flow_id)]);
        let queue = c.queue_config.iter().flat_map(|q| [key(Kind::Queue, &q.queue_id), key(Kind::ContactFlow, &q.contact_flow_id)]);
        let flow = c.flow_config.iter().map(|f| key(Kind::ContactFlow, &f.contact_flow_id));
        user.chain(queue).chain(flow).collect()
    }
}

/// The flow type a quick connect's flow must have: a user's "Transfer to Agent"
/// (UserQuickConnectConfig doc), a queue's "Transfer to Queue" (QueueQuickConnectConfig
/// doc). A flow quick connect's flow may be of any type.
fn flow_type_for(t: QuickConnectType) -> Option<ContactFlowType> {
    match t {
        QuickConnectType::User => Some(ContactFlowType::AgentTransfer),
        QuickConnectType::Queue => Some(ContactFlowType::QueueTransfer),
        QuickConnectType::PhoneNumber | QuickConnectType::Flow => None,
    }
}

/// Checks a QuickConnectConfig: the configuration of its type is there and no other is; a
/// phone number is E.164; the flow of a user or queue quick connect, when it exists, is of
/// the type the quick connect needs (that the user, queue and flow exist is checked by the
/// store as the write happens).
pub async fn check_config(ctx: &Ctx, instance: &str, config: &dto::QuickConnectConfig) -> Result<(), ApiError> {
    let t = config.quick_connect_type;
    let present = [
        (QuickConnectType::User, "UserConfig", config.user_config.is_some()),
        (QuickConnectType::Queue, "QueueConfig", config.queue_config.is_some()),
        (QuickConnectType::PhoneNumber, "PhoneConfig", config.phone_config.is_some()),
        (QuickConnectType::Flow, "FlowConfig", config.flow_config.is_some()),
    ];
    for (of, member, set) in present {
        if of == t && !set {
            return Err(ApiError::invalid_parameter(format!("A {} quick connect requires QuickConnectConfig.{member}", t.as_str())));
        }
        if of != t && set {
            return Err(ApiError::invalid_parameter(format!("A {} quick connect cannot have QuickConnectConfig.{member}", t.as_str())));
        }
    }
    if let Some(phone) = &config.phone_config {
        if !crate::rules::is_e164(&phone.phone_number) {
            return Err(ApiError::invalid_parameter("PhoneConfig.PhoneNumber must be in E.164 format"));
        }
    }
    let flow = config.user_config.as_ref().map(|u| &u.contact_flow_id).or(config.queue_config.as_ref().map(|q| &q.contact_flow_id));
    if let (Some(flow_id), Some(wanted)) = (flow, flow_type_for(t)) {
        if let Some(rec) = ctx.store.get(&ctx.key(instance, Kind::ContactFlow, flow_id)).await? {
            let flow: dto::ContactFlow = body(&rec)?;
            if flow.r#type != Some(wanted) {
                let actual = flow.r#type.map_or("", |f| f.as_str());
                return Err(ApiError::invalid_parameter(format!(
                    "Contact flow {flow_id} is of type {actual}; a {} quick connect needs a flow of type {}",
                    t.as_str(),
                    wanted.as_str()
                )));
            }
        }
    }
    Ok(())
}
