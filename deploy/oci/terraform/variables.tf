# Inputs of the estate: where it goes, sizes, the site's name and TLS, and Vault secret OCIDs (never secret values).

variable "tenancy_ocid" {
  description = "OCID of the tenancy (dynamic groups are created here)."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.tenancy\\.", var.tenancy_ocid))
    error_message = "tenancy_ocid must be a tenancy OCID (ocid1.tenancy...)."
  }
}

variable "compartment_ocid" {
  description = "OCID of the compartment that holds everything (policies are scoped to it)."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.", var.compartment_ocid))
    error_message = "compartment_ocid must be a compartment OCID."
  }
}

variable "compartment_name" {
  description = "Name of that compartment, as IAM policy statements name it (\"in compartment <name>\")."
  type        = string
}

variable "region" {
  description = "Region identifier, e.g. eu-frankfurt-1."
  type        = string
}

variable "home_region" {
  description = "The tenancy's home region (IAM changes are made there)."
  type        = string
}

variable "oci_config_profile" {
  description = "Profile of ~/.oci/config the provider signs in with."
  type        = string
  default     = "DEFAULT"
}

variable "name" {
  description = "Prefix of display names."
  type        = string
  default     = "vision-stays"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name: lower-case letters, digits and dashes, 2-21 characters."
  }
}

variable "vcn_cidr" {
  description = "CIDR of the VCN; the subnets are carved from it with cidrsubnet()."
  type        = string
  default     = "10.0.0.0/16"
}

variable "admin_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API endpoint from outside the VCN (empty = only from inside the VCN, e.g. through OCI Bastion)."
  type        = list(string)
  default     = []
}

variable "site_host" {
  description = "Public host name of the site, e.g. visionstays.example (point its DNS at the load balancer's IP)."
  type        = string
}

variable "api_host" {
  description = "Public host name of the API (a CNAME to the API Gateway host name), used for CORS and the smoke test; empty = the gateway's own host name."
  type        = string
  default     = ""
}

variable "tls_certificate_id" {
  description = "OCID of a certificate in OCI Certificates (imported or issued) for site_host, used by the load balancer listener."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.certificate\\.", var.tls_certificate_id))
    error_message = "tls_certificate_id must be an OCI Certificates certificate OCID."
  }
}

variable "alert_email" {
  description = "Address subscribed to the alerts topic (OCI sends a confirmation mail first)."
  type        = string
}

variable "mail_from" {
  description = "Approved sender address of Email Delivery that Vision Stays mails from (VS_MAIL_FROM)."
  type        = string
}

# --- Vault secrets, created out of band (README): only their OCIDs come here, so the values
# never enter Terraform state. The empty default lets the first apply create the vault first.
variable "secret_ids" {
  description = "OCIDs of Vault secrets made out of band: database_url, db_admin_password, jwt_private_key, smtp_url, webhook_secrets_key (empty until the vault exists, see deploy/README.md)."
  type        = object({
    database_url        = string
    db_admin_password   = string
    jwt_private_key     = string
    smtp_url            = string
    webhook_secrets_key = string
  })
  default = {
    database_url        = ""
    db_admin_password   = ""
    jwt_private_key     = ""
    smtp_url            = ""
    webhook_secrets_key = ""
  }
  validation {
    condition     = alltrue([for v in values(var.secret_ids) : v == "" || can(regex("^ocid1\\.vaultsecret\\.", v))])
    error_message = "Every secret_ids value must be empty or a Vault secret OCID (ocid1.vaultsecret...)."
  }
}

# Apart from secret_ids so that an estate without the bridge keeps every other part: empty, no
# bridge statements; the oke settings then keep the placeholder reference (the bridge refuses to start).
variable "alert_bridge_token_secret_ocid" {
  description = "OCID of the Vault secret holding the bearer token Alertmanager sends to the alert bridge (k8s/components/alert-bridge), made out of band like secret_ids; empty: no IAM statements for the bridge."
  type        = string
  default     = ""
  validation {
    condition     = var.alert_bridge_token_secret_ocid == "" || can(regex("^ocid1\\.vaultsecret\\.", var.alert_bridge_token_secret_ocid))
    error_message = "alert_bridge_token_secret_ocid must be empty or a Vault secret OCID (ocid1.vaultsecret...)."
  }
}

variable "db_admin_password_secret_version" {
  description = "Version number of the db_admin_password secret the database system is created with."
  type        = number
  default     = 1
}

variable "deploy_secrets" {
  description = "Create the parts that need the Vault secrets (database, functions' config, VM, pipelines' settings); false for the first apply that only makes the vault."
  type        = bool
  default     = true
}

# --- Sizes (defaults are the smallest that run the system; costs in deploy/README.md).
variable "kubernetes_version" {
  description = "OKE Kubernetes version, e.g. v1.32.1 (oci ce cluster-options get --cluster-option-id all)."
  type        = string
}

variable "node_image_id" {
  description = "OCID of an OKE worker image for kubernetes_version and node_shape (oci ce node-pool-options get --node-pool-option-id all)."
  type        = string
}

variable "node_shape" {
  description = "Shape of the OKE workers."
  type        = string
  default     = "VM.Standard.E5.Flex"
}

variable "node_count" {
  description = "Workers in the node pool (3 spreads pods over the availability or fault domains)."
  type        = number
  default     = 3
  validation {
    condition     = var.node_count >= 2
    error_message = "At least 2 workers: blue-green keeps both namespaces running during a release."
  }
}

variable "node_ocpus" {
  description = "OCPUs per worker."
  type        = number
  default     = 2
}

variable "node_memory_gbs" {
  description = "Memory per worker in GB."
  type        = number
  default     = 16
}

variable "web_image_id" {
  description = "OCID of the web VM's image (Oracle Linux 9: the DevOps deployment agent and cloud-init kit support it)."
  type        = string
}

variable "web_count" {
  description = "Web VMs behind the load balancer (2: the rolling deployment drains one at a time, so the site stays up)."
  type        = number
  default     = 2
}

variable "services_url" {
  description = "Base URL, inside the VCN, where /api/v1/* reaches the services: the ingress-nginx controller's internal load balancer (deploy/README.md), e.g. http://10.0.10.250."
  type        = string
  default     = "http://ingress.invalid"
}

variable "web_shape" {
  description = "Shape of the web VM."
  type        = string
  default     = "VM.Standard.E5.Flex"
}

variable "ssh_public_key" {
  description = "SSH public key for the web VM's opc user (reach it through OCI Bastion; it has no public IP)."
  type        = string
}

variable "db_version" {
  description = "PostgreSQL major version of OCI Database with PostgreSQL."
  type        = string
  default     = "16"
}

variable "db_shape" {
  description = "Shape of the database system."
  type        = string
  default     = "PostgreSQL.VM.Standard.E5.Flex"
}

variable "db_ocpus" {
  description = "OCPUs of each database node."
  type        = number
  default     = 2
}

variable "db_memory_gbs" {
  description = "Memory of each database node in GB."
  type        = number
  default     = 32
}

variable "db_instance_count" {
  description = "Database nodes (1 primary + read replicas; 2+ for a standby that takes over)."
  type        = number
  default     = 2
}

variable "backup_retention_days" {
  description = "Days automatic database backups are kept (also the point-in-time recovery window)."
  type        = number
  default     = 14
  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be 1-35."
  }
}

# --- The web VM's first release (later ones come from the deployment pipeline).
variable "web_release_object" {
  description = "Object name, in the releases bucket, of the first web release tarball (deploy/vm/package.sh); upload it before the VM is created."
  type        = string
  default     = "vision-stays-web.tar.gz"
}

variable "web_release_sha256" {
  description = "SHA-256 of that tarball, as package.sh prints it (cloud-init refuses any other file)."
  type        = string
  default     = ""
  validation {
    condition     = var.web_release_sha256 == "" || can(regex("^[0-9a-f]{64}$", var.web_release_sha256))
    error_message = "web_release_sha256 must be 64 lower-case hex digits."
  }
}

variable "web_release_version" {
  description = "Version name of the first web release."
  type        = string
  default     = "initial"
}

variable "web_release_par_expires" {
  description = "RFC 3339 expiry of the read-only pre-authenticated request cloud-init downloads the first release with, e.g. 2027-01-31T00:00:00Z (a fixed value, so plans are stable)."
  type        = string
}

# --- Code and builds.
variable "github_repository_url" {
  description = "HTTPS URL of the GitHub repository the build pipeline builds (empty = an OCI DevOps code repository is created; push to it)."
  type        = string
  default     = ""
}

variable "github_token_secret_id" {
  description = "OCID of a Vault secret holding a GitHub personal access token (only with github_repository_url)."
  type        = string
  default     = ""
}

variable "branch" {
  description = "Branch whose pushes are built and released."
  type        = string
  default     = "main"
}

variable "release_strategy" {
  description = "Deployment pipeline the build triggers: blue-green or canary (both pipelines exist; run the other by hand)."
  type        = string
  default     = "blue-green"
  validation {
    condition     = contains(["blue-green", "canary"], var.release_strategy)
    error_message = "release_strategy is blue-green or canary."
  }
}

variable "build_ocpus" {
  description = "OCPUs of the managed build runner (the test command takes ~23 min on 2)."
  type        = number
  default     = 8
}

variable "canary_batches" {
  description = "Canary traffic shift: number of batches up to canary_ramp_limit_percent."
  type        = number
  default     = 3
}

variable "canary_ramp_limit_percent" {
  description = "Canary traffic shift: the share of traffic the canary gets at most before approval."
  type        = number
  default     = 25
  validation {
    condition     = var.canary_ramp_limit_percent > 0 && var.canary_ramp_limit_percent <= 100
    error_message = "canary_ramp_limit_percent must be 1-100."
  }
}

variable "canary_batch_delay_seconds" {
  description = "Canary traffic shift: seconds between batches (watch the dashboards meanwhile)."
  type        = number
  default     = 300
}

variable "function_image_tag" {
  description = "Tag, in the vision-stays-function OCIR repository, of the image the functions are created with (the first build's IMAGE_TAG); empty = no functions and no API deployment yet."
  type        = string
  default     = ""
}

variable "monitoring_namespace" {
  description = "OCI Monitoring namespace the serving processes post their custom metrics to (VS_OCI_MONITORING_NAMESPACE); the page alarms of monitoring.tf read it."
  type        = string
  default     = "vision_stays"
  validation {
    # Custom namespaces may not start with oci_ (reserved for OCI's own services).
    condition     = can(regex("^[a-z][a-z0-9_]{1,254}$", var.monitoring_namespace)) && !startswith(var.monitoring_namespace, "oci_")
    error_message = "monitoring_namespace: lower-case letters, digits and underscores, starting with a letter, not oci_."
  }
}

variable "alarms_enabled" {
  description = "Whether the OCI Monitoring page alarms (monitoring.tf) are enabled; false keeps them defined but silent (e.g. before the metric poster ships)."
  type        = bool
  default     = true
}

variable "alarm_repeat_duration" {
  description = "How often a page alarm that keeps firing notifies again (ISO 8601, PT1M to P30D); Alertmanager's page route repeats every 4h."
  type        = string
  default     = "PT4H"
}
