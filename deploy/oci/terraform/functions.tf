# OCI Functions (create-booking, get-hotel-details: one image, VS_FUNCTION picks) and the public API on API Gateway (deploy/oci/api-gateway/deployment.json).

locals {
  with_functions = local.with_secrets && var.function_image_tag != ""
  ocir_host      = "${lower(data.oci_identity_regions.current.regions[0].key)}.ocir.io"
  ocir_image     = "${local.ocir_host}/${data.oci_objectstorage_namespace.ns.namespace}/${oci_artifacts_container_repository.serve.display_name}"
  ocir_function  = "${local.ocir_host}/${data.oci_objectstorage_namespace.ns.namespace}/${oci_artifacts_container_repository.function.display_name}"
  api_host       = var.api_host != "" ? var.api_host : oci_apigateway_gateway.api.hostname
  functions      = {
    create-booking    = "create_booking"
    get-hotel-details = "get_hotel_details"
  }
}

data "oci_identity_regions" "current" {
  filter {
    name   = "name"
    values = [var.region]
  }
}

resource "oci_functions_application" "main" {
  compartment_id             = var.compartment_ocid
  display_name               = var.name
  subnet_ids                 = [oci_core_subnet.this["functions"].id]
  network_security_group_ids = [local.nsg["functions"]]
  shape                      = "GENERIC_X86"
  # Shared by both functions: no secrets, only oci-vault: references and public settings.
  config = {
    VS_OCI_AUTH               = "resource-principal"
    VS_OCI_REGION             = var.region
    VS_LOG_FORMAT             = "json"
    VS_DB_MAX_CONNECTIONS     = "2"
    VS_PUBLIC_URL             = "https://${var.site_host}"
    VS_OCI_STREAM_ID          = oci_streaming_stream.booking_events.id
    VS_OCI_STREAMING_ENDPOINT = oci_streaming_stream.booking_events.messages_endpoint
    VS_OCI_TOPIC_ID           = oci_ons_notification_topic.alerts.id
    DATABASE_URL              = local.vault_refs.database_url
    VS_JWT_PRIVATE_KEY        = local.vault_refs.jwt_private_key
    VS_WEBHOOK_SECRETS_KEY    = local.vault_refs.webhook_secrets_key
  }
}

resource "oci_functions_function" "this" {
  for_each           = local.with_functions ? local.functions : {}
  application_id     = oci_functions_application.main.id
  display_name       = each.key
  image              = "${local.ocir_function}:${var.function_image_tag}"
  memory_in_mbs      = 256
  timeout_in_seconds = 30
  config             = {
    VS_FUNCTION = each.key
  }
  lifecycle {
    # Releases move the image (DEPLOY_FUNCTION stages), not Terraform.
    ignore_changes = [image, image_digest]
  }
}

resource "oci_apigateway_gateway" "api" {
  compartment_id             = var.compartment_ocid
  display_name               = "${var.name}-api"
  endpoint_type              = "PUBLIC"
  subnet_id                  = oci_core_subnet.this["apigw"].id
  network_security_group_ids = [local.nsg["apigw"]]
}

locals {
  gateway_spec = jsondecode(templatefile("${path.module}/../api-gateway/deployment.json", {
    create_booking_function_id    = try(oci_functions_function.this["create-booking"].id, "")
    get_hotel_details_function_id = try(oci_functions_function.this["get-hotel-details"].id, "")
    customers_url                 = var.services_url
    hotels_url                    = var.services_url
    bookings_url                  = var.services_url
    jwks_uri                      = "${var.services_url}/.well-known/jwks.json"
    site_origin                   = "https://${var.site_host}"
  }))
  gw_auth = local.gateway_spec.requestPolicies.authentication
}

# The provider takes the specification as nested snake_case blocks, not as the JSON, so the
# rendered JSON is mapped field by field (routes through a dynamic block).
resource "oci_apigateway_deployment" "api" {
  count          = local.with_functions ? 1 : 0
  compartment_id = var.compartment_ocid
  gateway_id     = oci_apigateway_gateway.api.id
  display_name   = "${var.name}-api"
  path_prefix    = "/api/v1"

  specification {
    request_policies {
      authentication {
        type                        = local.gw_auth.type
        token_header                = local.gw_auth.tokenHeader
        token_auth_scheme           = local.gw_auth.tokenAuthScheme
        is_anonymous_access_allowed = local.gw_auth.isAnonymousAccessAllowed
        max_clock_skew_in_seconds   = local.gw_auth.maxClockSkewInSeconds
        validation_policy {
          type                        = local.gw_auth.validationPolicy.type
          uri                         = local.gw_auth.validationPolicy.uri
          max_cache_duration_in_hours = local.gw_auth.validationPolicy.maxCacheDurationInHours
          is_ssl_verify_disabled      = local.gw_auth.validationPolicy.isSslVerifyDisabled
          additional_validation_policy {
            issuers   = local.gw_auth.validationPolicy.additionalValidationPolicy.issuers
            audiences = local.gw_auth.validationPolicy.additionalValidationPolicy.audiences
          }
        }
      }
      rate_limiting {
        rate_in_requests_per_second = local.gateway_spec.requestPolicies.rateLimiting.rateInRequestsPerSecond
        rate_key                    = local.gateway_spec.requestPolicies.rateLimiting.rateKey
      }
      cors {
        allowed_origins              = local.gateway_spec.requestPolicies.cors.allowedOrigins
        allowed_methods              = local.gateway_spec.requestPolicies.cors.allowedMethods
        allowed_headers              = local.gateway_spec.requestPolicies.cors.allowedHeaders
        exposed_headers              = local.gateway_spec.requestPolicies.cors.exposedHeaders
        is_allow_credentials_enabled = local.gateway_spec.requestPolicies.cors.isAllowCredentialsEnabled
        max_age_in_seconds           = local.gateway_spec.requestPolicies.cors.maxAgeInSeconds
      }
    }

    logging_policies {
      access_log {
        is_enabled = local.gateway_spec.loggingPolicies.accessLog.isEnabled
      }
      execution_log {
        is_enabled = local.gateway_spec.loggingPolicies.executionLog.isEnabled
        log_level  = local.gateway_spec.loggingPolicies.executionLog.logLevel
      }
    }

    dynamic "routes" {
      for_each = local.gateway_spec.routes
      content {
        path    = routes.value.path
        methods = routes.value.methods
        backend {
          type                       = routes.value.backend.type
          url                        = try(routes.value.backend.url, null)
          function_id                = try(routes.value.backend.functionId, null)
          connect_timeout_in_seconds = try(routes.value.backend.connectTimeoutInSeconds, null)
          read_timeout_in_seconds    = try(routes.value.backend.readTimeoutInSeconds, null)
          send_timeout_in_seconds    = try(routes.value.backend.sendTimeoutInSeconds, null)
        }
        request_policies {
          authorization {
            type = routes.value.requestPolicies.authorization.type
          }
        }
      }
    }
  }
}
