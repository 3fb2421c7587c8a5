# Public entry of the site: flexible load balancer (TLS with an OCI Certificates certificate, HTTP→HTTPS redirect, re-encryption to nginx on the VMs) and the WAF on it.

resource "oci_load_balancer_load_balancer" "site" {
  compartment_id             = var.compartment_ocid
  display_name               = "${var.name}-site"
  shape                      = "flexible"
  subnet_ids                 = [oci_core_subnet.this["lb"].id]
  network_security_group_ids = [local.nsg["lb"]]
  is_private                 = false
  shape_details {
    minimum_bandwidth_in_mbps = 10
    maximum_bandwidth_in_mbps = 100
  }
}

resource "oci_load_balancer_backend_set" "web" {
  load_balancer_id = oci_load_balancer_load_balancer.site.id
  name             = "web"
  policy           = "LEAST_CONNECTIONS"
  # nginx answers /healthz on 80 with 200 while one app instance is ready (deploy/vm/README.md).
  health_checker {
    protocol          = "HTTP"
    port              = 80
    url_path          = "/healthz"
    return_code       = 200
    interval_ms       = 10000
    timeout_in_millis = 3000
    retries           = 3
  }
  # Re-encrypt to nginx :443; its certificate is self-signed per VM, so peers are not verified.
  ssl_configuration {
    verify_peer_certificate = false
    protocols               = ["TLSv1.2", "TLSv1.3"]
  }
}

resource "oci_load_balancer_backend" "web" {
  count            = length(oci_core_instance.web)
  load_balancer_id = oci_load_balancer_load_balancer.site.id
  backendset_name  = oci_load_balancer_backend_set.web.name
  ip_address       = oci_core_instance.web[count.index].private_ip
  port             = 443
}

resource "oci_load_balancer_rule_set" "https_redirect" {
  load_balancer_id = oci_load_balancer_load_balancer.site.id
  name             = "https_redirect"
  items {
    action = "REDIRECT"
    conditions {
      attribute_name  = "PATH"
      attribute_value = "/"
      operator        = "FORCE_LONGEST_PREFIX_MATCH"
    }
    redirect_uri {
      protocol = "HTTPS"
      port     = 443
      host     = "{host}"
      path     = "{path}"
      query    = "{query}"
    }
    response_code = 301
  }
}

resource "oci_load_balancer_listener" "http" {
  load_balancer_id         = oci_load_balancer_load_balancer.site.id
  name                     = "http"
  default_backend_set_name = oci_load_balancer_backend_set.web.name
  port                     = 80
  protocol                 = "HTTP"
  rule_set_names           = [oci_load_balancer_rule_set.https_redirect.name]
}

resource "oci_load_balancer_listener" "https" {
  load_balancer_id         = oci_load_balancer_load_balancer.site.id
  name                     = "https"
  default_backend_set_name = oci_load_balancer_backend_set.web.name
  port                     = 443
  protocol                 = "HTTP2"
  ssl_configuration {
    certificate_ids         = [var.tls_certificate_id]
    protocols               = ["TLSv1.2", "TLSv1.3"]
    cipher_suite_name       = "oci-default-http2-tls-12-13-ssl-cipher-suite-v1" # HTTP2 listeners need an http2 suite
    server_order_preference = "ENABLED"
    verify_peer_certificate = false
  }
  connection_configuration {
    idle_timeout_in_seconds = 60
  }
}

# --- WAF on the load balancer: OWASP protections, a rate limit on sign-in/sign-up/booking
# paths (the app limits per IP too; this stops floods before they reach the VMs).
resource "oci_waf_web_app_firewall_policy" "site" {
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-waf-policy"

  actions {
    name = "allow"
    type = "ALLOW"
  }
  actions {
    name = "log"
    type = "CHECK"
  }
  actions {
    name = "block403"
    type = "RETURN_HTTP_RESPONSE"
    code = 403
    body {
      type = "STATIC_TEXT"
      text = "{\"title\":\"Forbidden\",\"status\":403}"
    }
    headers {
      name  = "Content-Type"
      value = "application/problem+json"
    }
  }
  actions {
    name = "block429"
    type = "RETURN_HTTP_RESPONSE"
    code = 429
    body {
      type = "STATIC_TEXT"
      text = "{\"title\":\"Too many requests\",\"status\":429}"
    }
    headers {
      name  = "Retry-After"
      value = "60"
    }
  }

  request_access_control {
    default_action_name = "allow"
  }

  request_protection {
    body_inspection_size_limit_in_bytes             = 8192
    body_inspection_size_limit_exceeded_action_name = "allow"
    rules {
      type                       = "PROTECTION"
      name                       = "owasp"
      action_name                = "block403"
      is_body_inspection_enabled = true
      # Keys of OCI WAF protection capabilities (OWASP CRS ids); list them with
      # data.oci_waf_protection_capabilities. 9410000/9420000 are the XSS and SQL injection
      # collaborative groups; 941110 is the XSS script-tag vector, 942100 libinjection SQLi,
      # 930100/930110 path traversal, 932100 Unix command injection, 933161 PHP functions,
      # 920350 Host header is an IP, 920360 argument name too long.
      dynamic "protection_capabilities" {
        for_each = ["9410000", "9420000", "941110", "942100", "930100", "930110", "932100", "933161", "920360"]
        content {
          key     = protection_capabilities.value
          version = 1
        }
      }
    }
  }

  request_rate_limiting {
    rules {
      type               = "REQUEST_RATE_LIMITING"
      name               = "sign-in-sign-up-booking"
      action_name        = "block429"
      condition_language = "JMESPATH"
      condition          = "http.request.method == 'POST' && (starts_with(http.request.url.path, '/api/v1/sessions') || starts_with(http.request.url.path, '/api/v1/customers') || starts_with(http.request.url.path, '/api/v1/bookings') || starts_with(http.request.url.path, '/signin') || starts_with(http.request.url.path, '/signup'))"
      configurations {
        period_in_seconds          = 60
        requests_limit             = 30
        action_duration_in_seconds = 120
      }
    }
    rules {
      type        = "REQUEST_RATE_LIMITING"
      name        = "everything"
      action_name = "block429"
      configurations {
        period_in_seconds          = 10
        requests_limit             = 300
        action_duration_in_seconds = 60
      }
    }
  }
}

resource "oci_waf_web_app_firewall" "site" {
  compartment_id             = var.compartment_ocid
  display_name               = "${var.name}-waf"
  backend_type               = "LOAD_BALANCER"
  load_balancer_id           = oci_load_balancer_load_balancer.site.id
  web_app_firewall_policy_id = oci_waf_web_app_firewall_policy.site.id
}
