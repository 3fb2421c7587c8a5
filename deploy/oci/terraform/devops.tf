# OCI DevOps: project, source (GitHub connection or a DevOps code repository), deploy artifacts, the build pipeline and its trigger.

resource "oci_devops_project" "main" {
  compartment_id = var.compartment_ocid
  name           = var.name
  description    = "Vision Stays: build on push, blue-green or canary release to OKE, rolling VM upgrade, smoke test"
  notification_config {
    topic_id = oci_ons_notification_topic.alerts.id
  }
}

locals {
  use_github = var.github_repository_url != ""
}

resource "oci_devops_connection" "github" {
  count           = local.use_github ? 1 : 0
  project_id      = oci_devops_project.main.id
  connection_type = "GITHUB_ACCESS_TOKEN"
  access_token    = var.github_token_secret_id # a Vault secret OCID, not the token
  display_name    = "github"
}

resource "oci_devops_repository" "code" {
  count           = local.use_github ? 0 : 1
  project_id      = oci_devops_project.main.id
  name            = var.name
  repository_type = "HOSTED"
  default_branch  = var.branch
}

# --- Deploy artifacts. ${IMAGE_TAG} is replaced by the pipeline parameter of that name
# (SUBSTITUTE_PLACEHOLDERS), which the build exports.
resource "oci_devops_deploy_artifact" "image" {
  project_id                 = oci_devops_project.main.id
  display_name               = "vision-stays image"
  deploy_artifact_type       = "DOCKER_IMAGE"
  argument_substitution_mode = "SUBSTITUTE_PLACEHOLDERS"
  deploy_artifact_source {
    deploy_artifact_source_type = "OCIR"
    image_uri                   = "${local.ocir_image}:$${IMAGE_TAG}"
  }
}

resource "oci_devops_deploy_artifact" "function_image" {
  project_id                 = oci_devops_project.main.id
  display_name               = "vision-stays-function image"
  deploy_artifact_type       = "DOCKER_IMAGE"
  argument_substitution_mode = "SUBSTITUTE_PLACEHOLDERS"
  deploy_artifact_source {
    deploy_artifact_source_type = "OCIR"
    image_uri                   = "${local.ocir_function}:$${IMAGE_TAG}"
  }
}

locals {
  generic_artifacts = {
    manifests_oke    = { type = "KUBERNETES_MANIFEST", path = "manifests/oke.yaml" }
    manifests_blue   = { type = "KUBERNETES_MANIFEST", path = "manifests/blue.yaml" }
    manifests_green  = { type = "KUBERNETES_MANIFEST", path = "manifests/green.yaml" }
    manifests_canary = { type = "KUBERNETES_MANIFEST", path = "manifests/canary.yaml" }
    web_release      = { type = "GENERIC_FILE", path = "vision-stays-web.tar.gz" }
    smoke_script     = { type = "GENERIC_FILE", path = "smoke.sh" }
  }
}

resource "oci_devops_deploy_artifact" "generic" {
  for_each                   = local.generic_artifacts
  project_id                 = oci_devops_project.main.id
  display_name               = each.key
  deploy_artifact_type       = each.value.type
  argument_substitution_mode = "NONE" # rendered by the build: nothing left to substitute
  deploy_artifact_source {
    deploy_artifact_source_type = "GENERIC_ARTIFACT"
    repository_id               = oci_artifacts_repository.releases.id
    deploy_artifact_path        = each.value.path
    deploy_artifact_version     = "$${IMAGE_TAG}"
  }
}

resource "oci_devops_deploy_artifact" "vm_deploy_spec" {
  project_id                 = oci_devops_project.main.id
  display_name               = "web VM deployment spec"
  deploy_artifact_type       = "DEPLOYMENT_SPEC"
  argument_substitution_mode = "SUBSTITUTE_PLACEHOLDERS"
  deploy_artifact_source {
    deploy_artifact_source_type = "INLINE"
    base64encoded_content       = base64encode(file("${path.module}/../vm_deploy_spec.yaml"))
  }
}

resource "oci_devops_deploy_artifact" "smoke_spec" {
  project_id                 = oci_devops_project.main.id
  display_name               = "smoke test command spec"
  deploy_artifact_type       = "COMMAND_SPEC"
  argument_substitution_mode = "SUBSTITUTE_PLACEHOLDERS"
  deploy_artifact_source {
    deploy_artifact_source_type = "INLINE"
    base64encoded_content       = base64encode(file("${path.module}/../smoke_spec.yaml"))
  }
}

# --- The values the k8s tree's components/oke/settings.yaml needs (k8s/README.md), handed to the
# build as a parameter: Vault references and addresses only, no secret values.
# alert-bridge-token is never empty: without alert_bridge_token_secret_ocid it stays the
# placeholder reference, so the bridge fails at start (cannot fetch it) rather than run open.
locals {
  oke_settings = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = {
      name        = "oke-settings"
      annotations = { "config.kubernetes.io/local-config" = "true" }
    }
    data = {
      region                  = var.region
      compartment-id          = var.compartment_ocid
      monitoring-namespace    = var.monitoring_namespace
      public-url              = "https://${var.site_host}"
      host                    = var.site_host
      pod-cidr                = local.cidr.pods
      db-subnet-cidr          = local.cidr.db
      api-gateway-subnet-cidr = local.cidr.apigw
      kube-api-subnet-cidr    = local.cidr.kube_api
      kube-service-ip         = "10.96.0.1/32"
      database-url            = local.vault_refs.database_url
      jwt-private-key         = local.vault_refs.jwt_private_key
      smtp-url                = local.vault_refs.smtp_url
      webhook-secrets-key     = local.vault_refs.webhook_secrets_key
      alert-bridge-token      = var.alert_bridge_token_secret_ocid == "" ? "oci-vault:ocid1.vaultsecret.oc1..replace-me-alert-bridge-token" : "oci-vault:${var.alert_bridge_token_secret_ocid}"
      alerts-topic-id         = oci_ons_notification_topic.alerts.id
      stream-id               = oci_streaming_stream.booking_events.id
      streaming-endpoint      = oci_streaming_stream.booking_events.messages_endpoint
    }
  })
}

resource "oci_devops_build_pipeline" "main" {
  project_id   = oci_devops_project.main.id
  display_name = "${var.name}-build"
  description  = "Test, build the binary, images, VM tarball and manifests; deliver; start the release"
  build_pipeline_parameters {
    items {
      name          = "OCIR_IMAGE"
      default_value = local.ocir_image
      description   = "Repository the serve image goes to"
    }
    items {
      name          = "OCIR_FUNCTION_IMAGE"
      default_value = local.ocir_function
      description   = "Repository the function image goes to"
    }
    items {
      name          = "OKE_SETTINGS_B64"
      default_value = base64encode(local.oke_settings)
      description   = "k8s/components/oke/settings.yaml for this estate (references, no secrets)"
    }
  }
}

resource "oci_devops_build_pipeline_stage" "build" {
  build_pipeline_id         = oci_devops_build_pipeline.main.id
  build_pipeline_stage_type = "BUILD"
  display_name              = "test-and-build"
  build_pipeline_stage_predecessor_collection {
    items {
      id = oci_devops_build_pipeline.main.id
    }
  }
  build_spec_file                    = "deploy/oci/build_spec.yaml"
  image                              = "OL8_X86_64_STANDARD_10"
  primary_build_source               = "vision-stays"
  stage_execution_timeout_in_seconds = 7200
  build_runner_shape_config {
    build_runner_type = "CUSTOM"
    ocpus             = var.build_ocpus
    memory_in_gbs     = var.build_ocpus * 4
  }
  build_source_collection {
    items {
      name            = "vision-stays"
      branch          = var.branch
      connection_type = local.use_github ? "GITHUB" : "DEVOPS_CODE_REPOSITORY"
      connection_id   = local.use_github ? oci_devops_connection.github[0].id : null
      repository_id   = local.use_github ? null : oci_devops_repository.code[0].id
      repository_url  = local.use_github ? var.github_repository_url : oci_devops_repository.code[0].http_url
    }
  }
}

# The build's outputArtifacts (build_spec.yaml) → OCIR and the artifact repository.
resource "oci_devops_build_pipeline_stage" "deliver" {
  build_pipeline_id         = oci_devops_build_pipeline.main.id
  build_pipeline_stage_type = "DELIVER_ARTIFACT"
  display_name              = "deliver"
  build_pipeline_stage_predecessor_collection {
    items {
      id = oci_devops_build_pipeline_stage.build.id
    }
  }
  deliver_artifact_collection {
    items {
      artifact_name = "vision_stays_image"
      artifact_id   = oci_devops_deploy_artifact.image.id
    }
    items {
      artifact_name = "vision_stays_function_image"
      artifact_id   = oci_devops_deploy_artifact.function_image.id
    }
    dynamic "items" {
      for_each = local.generic_artifacts
      content {
        artifact_name = items.key
        artifact_id   = oci_devops_deploy_artifact.generic[items.key].id
      }
    }
  }
}

resource "oci_devops_build_pipeline_stage" "release" {
  build_pipeline_id         = oci_devops_build_pipeline.main.id
  build_pipeline_stage_type = "TRIGGER_DEPLOYMENT_PIPELINE"
  display_name              = "release-${var.release_strategy}"
  build_pipeline_stage_predecessor_collection {
    items {
      id = oci_devops_build_pipeline_stage.deliver.id
    }
  }
  deploy_pipeline_id             = var.release_strategy == "canary" ? oci_devops_deploy_pipeline.canary.id : oci_devops_deploy_pipeline.blue_green.id
  is_pass_all_parameters_enabled = true
}

resource "oci_devops_trigger" "push" {
  project_id     = oci_devops_project.main.id
  display_name   = "push-to-${var.branch}"
  trigger_source = local.use_github ? "GITHUB" : "DEVOPS_CODE_REPOSITORY"
  connection_id  = local.use_github ? oci_devops_connection.github[0].id : null
  repository_id  = local.use_github ? null : oci_devops_repository.code[0].id
  actions {
    type              = "TRIGGER_BUILD_PIPELINE"
    build_pipeline_id = oci_devops_build_pipeline.main.id
    filter {
      trigger_source = local.use_github ? "GITHUB" : "DEVOPS_CODE_REPOSITORY"
      events         = ["PUSH"]
      include {
        head_ref = var.branch
      }
      exclude {
        file_filter {
          file_paths = ["**/*.md", "docs/**"]
        }
      }
    }
  }
}
