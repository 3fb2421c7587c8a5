//! OCI API Gateway: the deployment specification (`deploy/oci/api-gateway/deployment.json`)
//! held to the OpenAPI document.
mod breaks;
mod policies;
mod spec;
