# The two release pipelines (release-blue-green, release-canary) and their environments: OKE stages, approval, functions, rolling web VM upgrade, smoke test.
#
# Migration: there is no stage of its own. Every rendered release manifest carries the Job
# `migrate-<IMAGE_TAG>` (vision-stays migrate: idempotent, safe beside the running release), so
# the first OKE stage applies it in the namespace the release goes to, with that namespace's
# service account, Vault references and NetworkPolicies; the new pods stay unready until /readyz
# sees the migrations, so no traffic moves before they ran. A separate OKE stage would need those
# objects again in a namespace of its own; a SHELL stage would need kubectl, cluster credentials
# and the binary in the stage's container. Migrations must stay backward compatible with the
# release still serving (expand now, contract in a later release): both share the database.

resource "oci_devops_deploy_environment" "oke" {
  project_id              = oci_devops_project.main.id
  display_name            = "oke"
  deploy_environment_type = "OKE_CLUSTER"
  cluster_id              = oci_containerengine_cluster.main.id
  # The API endpoint is private: DevOps reaches it through a VNIC in the functions subnet.
  network_channel {
    network_channel_type = "PRIVATE_ENDPOINT_CHANNEL"
    subnet_id            = oci_core_subnet.this["functions"].id
    nsg_ids              = [local.nsg["functions"]]
  }
}

resource "oci_devops_deploy_environment" "web" {
  count                   = length(oci_core_instance.web) > 0 ? 1 : 0
  project_id              = oci_devops_project.main.id
  display_name            = "web-vms"
  deploy_environment_type = "COMPUTE_INSTANCE_GROUP"
  compute_instance_group_selectors {
    items {
      selector_type        = "INSTANCE_IDS"
      compute_instance_ids = oci_core_instance.web[*].id
    }
  }
}

resource "oci_devops_deploy_environment" "function" {
  for_each                = oci_functions_function.this
  project_id              = oci_devops_project.main.id
  display_name            = "function-${each.key}"
  deploy_environment_type = "FUNCTION"
  function_id             = each.value.id
}

locals {
  namespaces = {
    blue_green = ["vision-stays-blue", "vision-stays-green"]
    canary     = ["vision-stays", "vision-stays-canary"]
  }
}

# Namespaces with the restricted Pod Security level (the manifests never name one: the stages do).
resource "oci_devops_deploy_artifact" "namespaces" {
  for_each                   = local.namespaces
  project_id                 = oci_devops_project.main.id
  display_name               = "namespaces-${each.key}"
  deploy_artifact_type       = "KUBERNETES_MANIFEST"
  argument_substitution_mode = "NONE"
  deploy_artifact_source {
    deploy_artifact_source_type = "INLINE"
    base64encoded_content       = base64encode(join("---\n", [for ns in each.value : yamlencode({
      apiVersion = "v1"
      kind       = "Namespace"
      metadata   = {
        name   = ns
        labels = {
          "pod-security.kubernetes.io/enforce" = "restricted"
          "pod-security.kubernetes.io/warn"    = "restricted"
        }
      }
    })]))
  }
}

resource "oci_devops_deploy_pipeline" "blue_green" {
  project_id   = oci_devops_project.main.id
  display_name = "release-blue-green"
  description  = "Standby namespace gets the release, approval, traffic switch, functions, web VMs, smoke test"
  deploy_pipeline_parameters {
    dynamic "items" {
      for_each = local.release_parameters
      content {
        name          = items.key
        default_value = items.value
        description   = "Release parameter ${items.key}"
      }
    }
  }
}

resource "oci_devops_deploy_pipeline" "canary" {
  project_id   = oci_devops_project.main.id
  display_name = "release-canary"
  description  = "Canary namespace, stepped traffic share, approval, production, functions, web VMs, smoke test"
  deploy_pipeline_parameters {
    dynamic "items" {
      for_each = local.release_parameters
      content {
        name          = items.key
        default_value = items.value
        description   = "Release parameter ${items.key}"
      }
    }
  }
}

locals {
  # IMAGE_TAG is overwritten by the build's exported variable of the same name.
  release_parameters = {
    IMAGE_TAG              = "unset"
    API_BASE_URL           = "https://${local.api_host}"
    SITE_URL               = "https://${var.site_host}"
    ARTIFACT_REPOSITORY_ID = oci_artifacts_repository.releases.id
  }
  pipelines = {
    blue_green = oci_devops_deploy_pipeline.blue_green.id
    canary     = oci_devops_deploy_pipeline.canary.id
  }
}

resource "oci_devops_deploy_stage" "namespaces" {
  for_each           = local.pipelines
  deploy_pipeline_id = each.value
  display_name       = "namespaces"
  deploy_stage_type  = "OKE_DEPLOYMENT"
  deploy_stage_predecessor_collection {
    items {
      id = each.value
    }
  }
  oke_cluster_deploy_environment_id       = oci_devops_deploy_environment.oke.id
  kubernetes_manifest_deploy_artifact_ids = [oci_devops_deploy_artifact.namespaces[each.key].id]
}

# --- Blue-green: deploy to the standby namespace, approve, switch 100 % of traffic.
resource "oci_devops_deploy_stage" "bg_deploy" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.blue_green.id
  display_name       = "deploy-to-standby"
  deploy_stage_type  = "OKE_BLUE_GREEN_DEPLOYMENT"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.namespaces["blue_green"].id
    }
  }
  oke_cluster_deploy_environment_id = oci_devops_deploy_environment.oke.id
  # One rendering for both sides (blue and green differ only by a label): DevOps picks the side.
  kubernetes_manifest_deploy_artifact_ids = [oci_devops_deploy_artifact.generic["manifests_blue"].id]
  blue_green_strategy {
    strategy_type = "NGINX_BLUE_GREEN_STRATEGY"
    namespace_a   = local.namespaces.blue_green[0]
    namespace_b   = local.namespaces.blue_green[1]
    ingress_name  = "vision-stays"
  }
}

resource "oci_devops_deploy_stage" "bg_approval" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.blue_green.id
  display_name       = "approve-switch"
  deploy_stage_type  = "MANUAL_APPROVAL"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.bg_deploy.id
    }
  }
  approval_policy {
    approval_policy_type         = "COUNT_BASED_APPROVAL"
    number_of_approvals_required = 1
  }
}

resource "oci_devops_deploy_stage" "bg_switch" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.blue_green.id
  display_name       = "switch-traffic"
  deploy_stage_type  = "OKE_BLUE_GREEN_TRAFFIC_SHIFT"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.bg_approval.id
    }
  }
  oke_blue_green_deploy_stage_id = oci_devops_deploy_stage.bg_deploy.id
}

# --- Canary: one pod per role in the canary namespace, stepped share, approval, production.
resource "oci_devops_deploy_stage" "canary_deploy" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.canary.id
  display_name       = "deploy-canary"
  deploy_stage_type  = "OKE_CANARY_DEPLOYMENT"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.namespaces["canary"].id
    }
  }
  oke_cluster_deploy_environment_id       = oci_devops_deploy_environment.oke.id
  kubernetes_manifest_deploy_artifact_ids = [oci_devops_deploy_artifact.generic["manifests_canary"].id]
  canary_strategy {
    strategy_type = "NGINX_CANARY_STRATEGY"
    namespace     = local.namespaces.canary[1]
    ingress_name  = "vision-stays"
  }
}

resource "oci_devops_deploy_stage" "canary_shift" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.canary.id
  display_name       = "shift-traffic-to-canary"
  deploy_stage_type  = "OKE_CANARY_TRAFFIC_SHIFT"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.canary_deploy.id
    }
  }
  oke_canary_deploy_stage_id = oci_devops_deploy_stage.canary_deploy.id
  # As Oracle's example and acceptance test: no policy_type for the OKE canary shift.
  rollout_policy {
    batch_count            = var.canary_batches
    batch_delay_in_seconds = var.canary_batch_delay_seconds
    ramp_limit_percent     = var.canary_ramp_limit_percent
  }
}

resource "oci_devops_deploy_stage" "canary_approval" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.canary.id
  display_name       = "approve-canary"
  deploy_stage_type  = "OKE_CANARY_APPROVAL"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.canary_shift.id
    }
  }
  oke_canary_traffic_shift_deploy_stage_id = oci_devops_deploy_stage.canary_shift.id
  approval_policy {
    approval_policy_type         = "COUNT_BASED_APPROVAL"
    number_of_approvals_required = 1
  }
}

resource "oci_devops_deploy_stage" "production" {
  deploy_pipeline_id = oci_devops_deploy_pipeline.canary.id
  display_name       = "production-release"
  deploy_stage_type  = "OKE_DEPLOYMENT"
  deploy_stage_predecessor_collection {
    items {
      id = oci_devops_deploy_stage.canary_approval.id
    }
  }
  oke_cluster_deploy_environment_id       = oci_devops_deploy_environment.oke.id
  kubernetes_manifest_deploy_artifact_ids = [oci_devops_deploy_artifact.generic["manifests_oke"].id]
  namespace                               = local.namespaces.canary[0]
  rollback_policy {
    policy_type = "AUTOMATED_STAGE_ROLLBACK_POLICY"
  }
}

# --- After the services: the functions, the web VMs, then the smoke test (both pipelines).
locals {
  services_done = {
    blue_green = oci_devops_deploy_stage.bg_switch.id
    canary     = oci_devops_deploy_stage.production.id
  }
  function_stages = { for p in setproduct(keys(local.pipelines), keys(oci_functions_function.this)) : "${p[0]}/${p[1]}" => { pipeline = p[0], function = p[1] } }
}

resource "oci_devops_deploy_stage" "functions" {
  for_each           = local.function_stages
  deploy_pipeline_id = local.pipelines[each.value.pipeline]
  display_name       = "function-${each.value.function}"
  deploy_stage_type  = "DEPLOY_FUNCTION"
  deploy_stage_predecessor_collection {
    items {
      id = local.services_done[each.value.pipeline]
    }
  }
  function_deploy_environment_id  = oci_devops_deploy_environment.function[each.value.function].id
  docker_image_deploy_artifact_id = oci_devops_deploy_artifact.function_image.id
}

resource "oci_devops_deploy_stage" "web_vms" {
  for_each           = length(oci_devops_deploy_environment.web) > 0 ? local.pipelines : {}
  deploy_pipeline_id = each.value
  display_name       = "web-vms-rolling"
  deploy_stage_type  = "COMPUTE_INSTANCE_GROUP_ROLLING_DEPLOYMENT"
  deploy_stage_predecessor_collection {
    items {
      id = local.services_done[each.key]
    }
  }
  compute_instance_group_deploy_environment_id = oci_devops_deploy_environment.web[0].id
  deployment_spec_deploy_artifact_id           = oci_devops_deploy_artifact.vm_deploy_spec.id
  deploy_artifact_ids                          = [oci_devops_deploy_artifact.generic["web_release"].id]
  # One VM at a time leaves the LB backend set while install.sh restarts its two instances.
  load_balancer_config {
    load_balancer_id = oci_load_balancer_load_balancer.site.id
    listener_name    = oci_load_balancer_listener.https.name
    backend_port     = 443
  }
  rollout_policy {
    policy_type            = "COMPUTE_INSTANCE_GROUP_LINEAR_ROLLOUT_POLICY_BY_COUNT"
    batch_count            = 1
    batch_delay_in_seconds = 30
  }
  failure_policy {
    policy_type   = "COMPUTE_INSTANCE_GROUP_FAILURE_POLICY_BY_COUNT"
    failure_count = 1
  }
  rollback_policy {
    policy_type = "AUTOMATED_STAGE_ROLLBACK_POLICY"
  }
}

resource "oci_devops_deploy_stage" "smoke" {
  for_each           = local.pipelines
  deploy_pipeline_id = each.value
  display_name       = "smoke-test"
  deploy_stage_type  = "SHELL"
  deploy_stage_predecessor_collection {
    dynamic "items" {
      for_each = concat(
        [for k, s in oci_devops_deploy_stage.functions : s.id if local.function_stages[k].pipeline == each.key],
        [for k, s in oci_devops_deploy_stage.web_vms : s.id if k == each.key],
        [local.services_done[each.key]],
      )
      content {
        id = items.value
      }
    }
  }
  command_spec_deploy_artifact_id = oci_devops_deploy_artifact.smoke_spec.id
  timeout_in_seconds              = 900
  container_config {
    container_config_type = "CONTAINER_INSTANCE_CONFIG"
    shape_name            = "CI.Standard.E4.Flex"
    compartment_id        = var.compartment_ocid
    availability_domain   = data.oci_identity_availability_domains.ads.availability_domains[0].name
    shape_config {
      ocpus         = 1
      memory_in_gbs = 2
    }
    network_channel {
      network_channel_type = "SERVICE_VNIC_CHANNEL"
      subnet_id            = oci_core_subnet.this["functions"].id
      nsg_ids              = [local.nsg["functions"]]
    }
  }
}
