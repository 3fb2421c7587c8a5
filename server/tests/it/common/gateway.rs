//! OCI API Gateway for tests: the deployment specification (`deploy/oci/api-gateway/`) rendered
//! as Terraform renders it.
pub mod template;

pub use template::{VARIABLES, references, render, template};

/// The deployment's path prefix (the deployment's `path_prefix`, not part of the specification).
pub const PATH_PREFIX: &str = "/api/v1";
