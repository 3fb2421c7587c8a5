# Logging: one log group; service logs of API Gateway, Functions, the load balancer, the WAF and DevOps; custom logs of the app (web VMs, OKE pods) through the unified monitoring agent.

resource "oci_logging_log_group" "main" {
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-logs"
  description    = "Vision Stays service logs"
}

locals {
  service_logs = merge(
    {
      lb-access = { service = "loadbalancer", resource = oci_load_balancer_load_balancer.site.id, category = "access" }
      lb-error  = { service = "loadbalancer", resource = oci_load_balancer_load_balancer.site.id, category = "error" }
      waf       = { service = "waf", resource = oci_waf_web_app_firewall.site.id, category = "all" }
      functions = { service = "functions", resource = oci_functions_application.main.id, category = "invoke" }
      devops    = { service = "devops", resource = oci_devops_project.main.id, category = "all" }
    },
    local.with_functions ? {
      api-access    = { service = "apigateway", resource = oci_apigateway_deployment.api[0].id, category = "access" }
      api-execution = { service = "apigateway", resource = oci_apigateway_deployment.api[0].id, category = "execution" }
    } : {}
  )
}

resource "oci_logging_log" "service" {
  for_each           = local.service_logs
  display_name       = "${var.name}-${each.key}"
  log_group_id       = oci_logging_log_group.main.id
  log_type           = "SERVICE"
  is_enabled         = true
  retention_duration = 90
  configuration {
    compartment_id = var.compartment_ocid
    source {
      source_type = "OCISERVICE"
      service     = each.value.service
      resource    = each.value.resource
      category    = each.value.category
    }
  }
}

# The app's own logs: JSON lines from tracing-subscriber (VS_LOG_FORMAT=json), one object per
# line with "timestamp" (RFC 3339, UTC, microseconds: 2025-01-31T12:00:00.123456Z), "level",
# "message", the event's fields, and "span" (the request: method, path, request_id, client).
# The Oracle Cloud Agent's unified monitoring agent ("Custom Logs Monitoring" plugin, enabled in
# web.tf; on OKE nodes part of Oracle Linux OKE images) tails files and sends them here.
resource "oci_logging_log" "app" {
  for_each           = toset(["web-vms", "oke-pods"])
  display_name       = "${var.name}-app-${each.key}"
  log_group_id       = oci_logging_log_group.main.id
  log_type           = "CUSTOM"
  is_enabled         = true
  retention_duration = 90
}

locals {
  # Ruby strptime (the agent is fluentd-based): %N takes the microseconds, %z takes "Z".
  app_time_format = "%Y-%m-%dT%H:%M:%S.%N%z"
}

# Web VMs: vision-stays-web@<port>.service appends its JSON lines to
# /var/log/vision-stays/web-<port>.log (deploy/vm/systemd; logrotate copytruncate).
resource "oci_logging_unified_agent_configuration" "web" {
  count          = length(oci_identity_dynamic_group.web)
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-web-app-logs"
  description    = "Vision Stays web instances' JSON logs on the web VMs"
  is_enabled     = true
  service_configuration {
    configuration_type = "LOGGING"
    destination {
      log_object_id = oci_logging_log.app["web-vms"].id
    }
    sources {
      source_type = "LOG_TAIL"
      name        = "vision_stays_web"
      paths       = ["/var/log/vision-stays/*.log"]
      parser {
        parser_type      = "JSON"
        field_time_key   = "timestamp"
        time_type        = "STRING"
        time_format      = local.app_time_format
        is_keep_time_key = true
      }
    }
  }
  group_association {
    group_list = [oci_identity_dynamic_group.web[0].id]
  }
}

# OKE: the kubelet writes each container's stdout as CRI lines under /var/log/containers
# (<pod>_<namespace>_<container>-<id>.log); only the release namespaces' vision-stays pods are
# tailed. CRI parser for the line, JSON for the app's message inside it. The nodes' dynamic
# group matches every instance of the compartment; the paths exist only on workers.
resource "oci_logging_unified_agent_configuration" "oke" {
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-oke-app-logs"
  description    = "Vision Stays pods' JSON logs on the OKE workers"
  is_enabled     = true
  service_configuration {
    configuration_type = "LOGGING"
    destination {
      log_object_id = oci_logging_log.app["oke-pods"].id
    }
    sources {
      source_type = "LOG_TAIL"
      name        = "vision_stays_pods"
      paths       = [for ns in local.release_namespaces : "/var/log/containers/*_${ns}_*.log"]
      parser {
        parser_type         = "CRI"
        is_merge_cri_fields = true
        nested_parser {
          field_time_key   = "timestamp"
          time_format      = local.app_time_format
          is_keep_time_key = true
        }
      }
    }
  }
  group_association {
    group_list = [oci_identity_dynamic_group.nodes.id]
  }
}
