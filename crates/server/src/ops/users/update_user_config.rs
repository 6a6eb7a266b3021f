//! UpdateUserConfig: a user's per-channel settings (auto-accept, ACW timeout, phone number,
//! persistent connection, voice enhancement), with the rules CreateUser applies to the same
//! members (`rules::per_channel`; the ACW range is checked with the model's constraints).
//!
//! Each entry replaces the user's entry for its channel, whole (an AutoAcceptConfig without
//! AgentFirstCallbackAutoAccept drops the one stored); channels a list does not mention, and
//! members not given, keep their settings. The documentation does not say more; merging per
//! channel is what lets a tool change one channel without reading and resending the others,
//! and an entry cannot be removed (the API has no member that would say so). The legacy
//! PhoneConfig follows the VOICE entries (`rules::reconcile_phone`).
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::rules::{self, PerChannel};
use crate::service::Ctx;
use switchboard_model::dto::{self, Channel};

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserConfigRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let per_channel = PerChannel {
        auto_accept: input.auto_accept_configs.as_deref(),
        after_contact_work: input.after_contact_work_configs.as_deref(),
        phone_numbers: input.phone_number_configs.as_deref(),
        persistent_connection: input.persistent_connection_configs.as_deref(),
        voice_enhancement: input.voice_enhancement_configs.as_deref(),
    };
    if per_channel.is_empty() {
        return Err(ApiError::invalid_request(
            "UpdateUserConfig needs at least one of AutoAcceptConfigs, AfterContactWorkConfigs, PhoneNumberConfigs, PersistentConnectionConfigs, VoiceEnhancementConfigs",
        ));
    }
    rules::per_channel(&per_channel)?;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        rules::reconcile_phone(u);
        merge(&mut u.auto_accept_configs, input.auto_accept_configs, |e| e.channel);
        merge(&mut u.after_contact_work_configs, input.after_contact_work_configs, |e| e.channel);
        merge(&mut u.phone_number_configs, input.phone_number_configs, |e| e.channel);
        merge(&mut u.persistent_connection_configs, input.persistent_connection_configs, |e| e.channel);
        merge(&mut u.voice_enhancement_configs, input.voice_enhancement_configs, |e| e.channel);
        // The VOICE entries decide; PhoneConfig is rebuilt from them.
        u.phone_config = None;
        rules::reconcile_phone(u);
        Ok(())
    })
    .await
}

/// Each given entry replaces the stored entry of its channel, or joins the list.
fn merge<T>(stored: &mut Option<Vec<T>>, given: Option<Vec<T>>, channel: impl Fn(&T) -> Channel) {
    let Some(given) = given else { return };
    let list = stored.get_or_insert_with(Vec::new);
    for entry in given {
        match list.iter_mut().find(|e| channel(e) == channel(&entry)) {
            Some(e) => *e = entry,
            None => list.push(entry),
        }
    }
}
