# IAM: dynamic groups for the web VMs, OKE nodes, functions and DevOps; least-privilege policies (secrets by OCID, the one stream, the one topic, our metrics namespace); OKE pods by workload identity (no dynamic group).

locals {
  c    = "compartment ${var.compartment_name}"
  comp = var.compartment_ocid
  # A policy condition naming the secrets a principal may read, by OCID.
  secret_cond = { for k, v in var.secret_ids : k => "target.secret.id = '${v}'" }
  # OKE service accounts (k8s/base/serviceaccounts.yaml) and the secrets each role reads (k8s/README.md).
  workload_secrets = {
    customers = ["database_url", "jwt_private_key"]
    hotels    = ["database_url", "webhook_secrets_key"]
    bookings  = ["database_url"]
    relay     = ["database_url", "smtp_url", "webhook_secrets_key"]
    migrate   = ["database_url"]
  }
  # Service accounts of the pods that post OCI Monitoring metrics (not migrate: it serves nothing).
  metric_posters     = ["customers", "hotels", "bookings", "relay"]
  release_namespaces = distinct(concat(local.namespaces.blue_green, local.namespaces.canary))
  workload           = { for ns in local.release_namespaces : ns => "request.principal.type = 'workload', request.principal.namespace = '${ns}', request.principal.cluster_id = '${oci_containerengine_cluster.main.id}'" }

  # The alert bridge (k8s/components/alert-bridge) runs only where the oke overlay is applied: the
  # production namespace (the canary pipeline's production stage, devops_release.tf).
  alert_bridge_namespace = local.namespaces.canary[0]
}

resource "oci_identity_dynamic_group" "web" {
  provider       = oci.home
  count          = length(oci_core_instance.web) > 0 ? 1 : 0
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-web-vms"
  description    = "Vision Stays web VMs"
  matching_rule  = "ANY {${join(", ", [for i in oci_core_instance.web : "instance.id = '${i.id}'"])}}"
}

resource "oci_identity_dynamic_group" "nodes" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-oke-nodes"
  # Every instance of the compartment (the web VMs too): it only grants reading the two image repos.
  description    = "Vision Stays OKE workers (pull images from OCIR)"
  matching_rule  = "ALL {instance.compartment.id = '${local.comp}'}"
}

resource "oci_identity_dynamic_group" "functions" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-functions"
  description    = "Vision Stays functions (resource principal)"
  matching_rule  = "ALL {resource.type = 'fnfunc', resource.compartment.id = '${local.comp}'}"
}

resource "oci_identity_dynamic_group" "devops" {
  provider       = oci.home
  for_each       = toset(["devopsbuildpipeline", "devopsdeploypipeline", "devopsrepository", "devopsconnection"])
  compartment_id = var.tenancy_ocid
  name           = "${var.name}-${each.key}"
  description    = "Vision Stays DevOps ${each.key}s"
  matching_rule  = "ALL {resource.type = '${each.key}', resource.compartment.id = '${local.comp}'}"
}

locals {
  dg                = { for k, v in oci_identity_dynamic_group.devops : k => v.name }
  devops_statements = concat([
    # Build: push images and generic artifacts, start the release pipeline, tell the topic.
    "Allow dynamic-group ${local.dg.devopsbuildpipeline} to manage repos in ${local.c} where any {target.repo.name = 'vision-stays', target.repo.name = 'vision-stays-function'}",
    "Allow dynamic-group ${local.dg.devopsbuildpipeline} to manage generic-artifacts in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsbuildpipeline} to use devops-family in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsbuildpipeline} to use ons-topics in ${local.c}",
    # Release: read artifacts, apply to OKE (private endpoint VNIC), deploy functions,
    # run commands on the web VMs behind the LB, start the smoke test's container.
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to read all-artifacts in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to manage clusters in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to use virtual-network-family in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to manage fn-function in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to read fn-app in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to use instance-agent-command-execution-family in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to read instance-family in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to use load-balancers in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to manage compute-container-family in ${local.c}",
    "Allow dynamic-group ${local.dg.devopsdeploypipeline} to use ons-topics in ${local.c}",
    # A code repository starts builds; a connection reads its token.
    "Allow dynamic-group ${local.dg.devopsrepository} to use devops-family in ${local.c}",
    ], var.github_token_secret_id == "" ? [] : [
    "Allow dynamic-group ${local.dg.devopsconnection} to read secret-bundles in ${local.c} where target.secret.id = '${var.github_token_secret_id}'",
  ])
}

resource "oci_identity_policy" "devops" {
  provider       = oci.home
  compartment_id = local.comp
  name           = "${var.name}-devops"
  description    = "Vision Stays build and release pipelines"
  statements     = local.devops_statements
}

resource "oci_identity_policy" "runtime" {
  provider       = oci.home
  count          = local.with_secrets ? 1 : 0
  compartment_id = local.comp
  name           = "${var.name}-runtime"
  description    = "Vision Stays functions, web VMs, OKE nodes and API Gateway"
  statements     = concat([
    "Allow dynamic-group ${oci_identity_dynamic_group.functions.name} to read secret-bundles in ${local.c} where any {${local.secret_cond.database_url}, ${local.secret_cond.jwt_private_key}, ${local.secret_cond.webhook_secrets_key}}",
    "Allow dynamic-group ${oci_identity_dynamic_group.functions.name} to use stream-push in ${local.c} where target.stream.id = '${oci_streaming_stream.booking_events.id}'",
    "Allow dynamic-group ${oci_identity_dynamic_group.functions.name} to use ons-topics in ${local.c} where target.topic.id = '${oci_ons_notification_topic.alerts.id}'",
    "Allow dynamic-group ${oci_identity_dynamic_group.nodes.name} to read repos in ${local.c} where any {target.repo.name = 'vision-stays', target.repo.name = 'vision-stays-function'}",
    # The unified monitoring agent on the workers sends the pods' logs (logging.tf).
    "Allow dynamic-group ${oci_identity_dynamic_group.nodes.name} to use log-content in ${local.c} where target.loggroup.id = '${oci_logging_log_group.main.id}'",
    "Allow any-user to use functions-family in ${local.c} where all {request.principal.type = 'ApiGateway', request.resource.compartment.id = '${local.comp}'}",
    ], length(oci_identity_dynamic_group.web) == 0 ? [] : [
    # The web VMs: DevOps' Run Command agent fetches the release artifacts; logs go to Logging.
    "Allow dynamic-group ${oci_identity_dynamic_group.web[0].name} to read all-artifacts in ${local.c}",
    "Allow dynamic-group ${oci_identity_dynamic_group.web[0].name} to use instance-agent-command-execution-family in ${local.c} where request.instance.id = target.instance.id",
    "Allow dynamic-group ${oci_identity_dynamic_group.web[0].name} to use log-content in ${local.c}",
    # The web instances post their metrics (monitoring.tf's alarms read them), in our namespace only.
    "Allow dynamic-group ${oci_identity_dynamic_group.web[0].name} to use metrics in ${local.c} where target.metrics.namespace = '${var.monitoring_namespace}'",
  ])
}

# OKE workload identity: no dynamic group; one statement per (namespace, role, secret), the
# relay's stream and topic, and the alert bridge's token and topic (production namespace only).
# One policy per namespace keeps each under the statement limit.
resource "oci_identity_policy" "workloads" {
  provider       = oci.home
  for_each       = local.with_secrets ? toset(local.release_namespaces) : toset([])
  compartment_id = local.comp
  name           = "${var.name}-workloads-${each.key}"
  description    = "Vision Stays pods in namespace ${each.key}"
  statements     = concat(
    flatten([for sa, secrets in local.workload_secrets : [for s in secrets :
      "Allow any-user to read secret-bundles in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = '${sa}', ${local.secret_cond[s]}}"
    ]]),
    [
      "Allow any-user to use stream-push in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = 'relay', target.stream.id = '${oci_streaming_stream.booking_events.id}'}",
      "Allow any-user to use ons-topics in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = 'relay', target.topic.id = '${oci_ons_notification_topic.alerts.id}'}",
    ],
    # Every serving role posts its metrics to our namespace only (the web pods carry no OCI
    # identity: the web role posts from the VMs).
    [for sa in local.metric_posters :
      "Allow any-user to use metrics in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = '${sa}', target.metrics.namespace = '${var.monitoring_namespace}'}"
    ],
    # The alert bridge, in its one namespace: its token secret, and publishing pages to the topic.
    each.key != local.alert_bridge_namespace || var.alert_bridge_token_secret_ocid == "" ? [] : [
      "Allow any-user to read secret-bundles in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = 'alert-bridge', target.secret.id = '${var.alert_bridge_token_secret_ocid}'}",
      "Allow any-user to use ons-topics in ${local.c} where all {${local.workload[each.key]}, request.principal.service_account = 'alert-bridge', target.topic.id = '${oci_ons_notification_topic.alerts.id}'}",
    ],
  )
}

# The services that encrypt with the master key must be allowed to before they use it, so this
# policy exists from the first apply and the encrypted resources depend on it.
resource "oci_identity_policy" "keys" {
  provider       = oci.home
  compartment_id = local.comp
  name           = "${var.name}-keys"
  description    = "Services that encrypt Vision Stays data with its master key"
  statements     = [
    "Allow service objectstorage-${var.region} to use keys in ${local.c} where target.key.id = '${oci_kms_key.main.id}'",
    "Allow service blockstorage to use keys in ${local.c} where target.key.id = '${oci_kms_key.main.id}'",
    "Allow service streaming to use keys in ${local.c} where target.key.id = '${oci_kms_key.main.id}'",
    "Allow any-user to use keys in ${local.c} where all {request.principal.type = 'cluster', target.key.id = '${oci_kms_key.main.id}'}",
  ]
}
