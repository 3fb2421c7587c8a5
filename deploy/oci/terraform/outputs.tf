# What the operator needs next (DNS, secrets, kubectl, pipelines); identifiers and addresses only, never a secret.

output "load_balancer_ip" {
  description = "Point site_host's DNS A record here."
  value       = [for ip in oci_load_balancer_load_balancer.site.ip_address_details : ip.ip_address if ip.is_public]
}

output "api_gateway_hostname" {
  description = "The API's host (CNAME api_host to it); the API is under /api/v1."
  value       = oci_apigateway_gateway.api.hostname
}

output "vault_id" {
  description = "Create the secrets in this vault (deploy/README.md)."
  value       = oci_kms_vault.main.id
}

output "vault_key_id" {
  description = "The master key to encrypt the secrets with."
  value       = oci_kms_key.main.id
}

output "database_endpoint" {
  description = "Private IP of the PostgreSQL primary endpoint, for the DATABASE_URL secret (no credentials)."
  value       = try(oci_psql_db_system.main[0].network_details[0].primary_db_endpoint_private_ip, null)
}

output "oke_cluster_id" {
  description = "oci ce cluster create-kubeconfig --cluster-id <this> --kube-endpoint PRIVATE_ENDPOINT"
  value       = oci_containerengine_cluster.main.id
}

output "releases_bucket" {
  description = "Upload the first web release tarball here (object name web_release_object)."
  value       = oci_objectstorage_bucket.releases.name
}

output "ocir_images" {
  description = "Image repositories of the serve and function images."
  value       = { serve = local.ocir_image, function = local.ocir_function }
}

output "devops_code_repository_url" {
  description = "git remote to push to, when no GitHub repository is used."
  value       = try(oci_devops_repository.code[0].http_url, null)
}

output "pipelines" {
  description = "OCIDs of the build and release pipelines."
  value       = {
    build              = oci_devops_build_pipeline.main.id
    release_blue_green = oci_devops_deploy_pipeline.blue_green.id
    release_canary     = oci_devops_deploy_pipeline.canary.id
  }
}

output "stream" {
  description = "Booking events stream (VS_OCI_STREAM_ID) and its endpoint (VS_OCI_STREAMING_ENDPOINT)."
  value       = { id = oci_streaming_stream.booking_events.id, endpoint = oci_streaming_stream.booking_events.messages_endpoint }
}

output "alerts_topic_id" {
  description = "Notifications topic of admin alerts (VS_OCI_TOPIC_ID)."
  value       = oci_ons_notification_topic.alerts.id
}

output "oke_settings_yaml" {
  description = "k8s/components/oke/settings.yaml for this estate (Vault references, CIDRs, URLs: no secret values)."
  value       = local.oke_settings
}

output "nsg_ids" {
  description = "NSGs per tier; give ingress-nginx's internal load balancer the nodes NSG (deploy/README.md)."
  value       = local.nsg
}
