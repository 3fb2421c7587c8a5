# Logging: one log group; service logs of API Gateway, Functions, the load balancer, the WAF and DevOps.

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
