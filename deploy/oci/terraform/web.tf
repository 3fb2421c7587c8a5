# The web front end: release bucket + read-only PAR for the first boot, and the web VMs (cloud-init from deploy/vm/cloud-init.yaml).

data "oci_objectstorage_namespace" "ns" {
  compartment_id = var.compartment_ocid
}

resource "oci_objectstorage_bucket" "releases" {
  depends_on            = [oci_identity_policy.keys]
  compartment_id        = var.compartment_ocid
  namespace             = data.oci_objectstorage_namespace.ns.namespace
  name                  = "${var.name}-releases"
  access_type           = "NoPublicAccess"
  kms_key_id            = oci_kms_key.main.id
  versioning            = "Enabled"
  object_events_enabled = true
}

# cloud-init downloads the first release with curl (no OCI CLI at boot) and checks its SHA-256;
# read-only, one object, expiring at a fixed date: see deploy/vm/README.md.
resource "oci_objectstorage_preauthrequest" "web_release" {
  namespace    = data.oci_objectstorage_namespace.ns.namespace
  bucket       = oci_objectstorage_bucket.releases.name
  name         = "${var.name}-web-first-release"
  access_type  = "ObjectRead"
  object_name  = var.web_release_object
  time_expires = var.web_release_par_expires
}

data "oci_identity_fault_domains" "fds" {
  compartment_id      = var.compartment_ocid
  availability_domain = data.oci_identity_availability_domains.ads.availability_domains[0].name
}

locals {
  # The web role reads no secret today (deploy/vm/README.md), so no Vault reference is passed;
  # add {ENV_NAME = secret OCID} entries here when it does (written as ENV_NAME=oci-vault:<OCID>).
  web_vault_secrets = {}
}

resource "oci_core_instance" "web" {
  depends_on          = [oci_identity_policy.keys]
  count               = local.with_secrets ? var.web_count : 0
  compartment_id      = var.compartment_ocid
  availability_domain = data.oci_identity_availability_domains.ads.availability_domains[0].name
  fault_domain        = data.oci_identity_fault_domains.fds.fault_domains[count.index % length(data.oci_identity_fault_domains.fds.fault_domains)].name
  display_name        = "${var.name}-web-${count.index + 1}"
  shape               = var.web_shape

  shape_config {
    ocpus         = 1
    memory_in_gbs = 8
  }

  source_details {
    source_type             = "image"
    source_id               = var.web_image_id
    boot_volume_size_in_gbs = 50
    kms_key_id              = oci_kms_key.main.id
  }

  create_vnic_details {
    subnet_id        = oci_core_subnet.this["web"].id
    assign_public_ip = false
    nsg_ids          = [local.nsg["web"]]
    hostname_label   = "web${count.index + 1}"
  }

  is_pv_encryption_in_transit_enabled = true
  launch_options {
    is_pv_encryption_in_transit_enabled = true
  }

  instance_options {
    are_legacy_imds_endpoints_disabled = true
  }

  # Run Command carries the DevOps deployment's steps; Management Agent not needed.
  agent_config {
    is_monitoring_disabled = false
    is_management_disabled = false
    plugins_config {
      name          = "Compute Instance Run Command"
      desired_state = "ENABLED"
    }
    plugins_config {
      name          = "Custom Logs Monitoring"
      desired_state = "ENABLED"
    }
  }

  metadata = {
    ssh_authorized_keys = var.ssh_public_key
    # No secret in user_data: only URLs, the region, the LB subnet and Vault secret OCIDs.
    user_data = base64encode(templatefile("${path.module}/../../vm/cloud-init.yaml", {
      region             = var.region
      services_url       = var.services_url
      public_url         = "https://${var.site_host}"
      lb_subnet_cidr     = local.cidr.lb
      release_url        = "https://objectstorage.${var.region}.oraclecloud.com${oci_objectstorage_preauthrequest.web_release.access_uri}"
      release_sha256     = var.web_release_sha256
      release_version    = var.web_release_version
      vault_secrets_json = jsonencode(local.web_vault_secrets)
      # OCI Monitoring (monitoring.tf): where the instances post their metrics.
      compartment_id       = var.compartment_ocid
      monitoring_namespace = var.monitoring_namespace
    }))
  }

  lifecycle {
    # Later releases come from the deployment pipeline, not from a new user_data.
    ignore_changes = [metadata, source_details[0].source_id]
    precondition {
      condition     = var.web_release_sha256 != ""
      error_message = "Set web_release_sha256 (deploy/vm/package.sh prints it) and upload the tarball first."
    }
  }
}
