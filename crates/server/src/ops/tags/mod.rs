//! Tags on any resource that has an ARN.
pub mod tag_resource;
pub mod untag_resource;
pub mod list_tags_for_resource;
