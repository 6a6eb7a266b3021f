//! Contact flow modules: reusable sections of flows, in the flow language (checked as a
//! flow's content is, `contact_flows::check_content`, refused with
//! InvalidContactFlowModuleException).
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::store::Kind;
use switchboard_model::dto;

pub mod create_contact_flow_module;
pub mod delete_contact_flow_module;
pub mod describe_contact_flow_module;
pub mod list_contact_flow_modules;
pub mod search_contact_flow_modules;
pub mod update_contact_flow_module_content;
pub mod update_contact_flow_module_metadata;

impl Stored for dto::ContactFlowModule {
    const KIND: Kind = Kind::ContactFlowModule;
}

/// A module's content must be valid flow language.
pub fn check_content(content: &str) -> Result<(), ApiError> {
    crate::ops::contact_flows::check_content(content, "InvalidContactFlowModuleException", "Problems")
}
