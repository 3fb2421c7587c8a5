//! OCI API Gateway: the deployment specification (`deploy/oci/api-gateway/deployment.json`)
//! held to the OpenAPI document, and the local stand-in gateway serving it in front of the app.
mod breaks;
mod harness;
mod policies;
mod spec;
mod standin;
