# OCI Vault and its master key (encrypts the secrets, boot volumes, the stream pool, OKE secrets); the secrets themselves are made out of band.
#
# Why no oci_vault_secret here: a secret value given to Terraform is stored in plain text in its
# state. deploy/README.md creates each secret with the OCI CLI after the vault exists and passes
# only the OCIDs (var.secret_ids). If you must create them from Terraform, use oci_vault_secret
# with a sensitive variable AND an encrypted, access-controlled state backend.

resource "oci_kms_vault" "main" {
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-vault"
  vault_type     = "DEFAULT"
}

resource "oci_kms_key" "main" {
  compartment_id      = var.compartment_ocid
  display_name        = "${var.name}-master"
  management_endpoint = oci_kms_vault.main.management_endpoint
  protection_mode     = "HSM"
  key_shape {
    algorithm = "AES"
    length    = 32
  }
  is_auto_rotation_enabled = true
  auto_key_rotation_details {
    rotation_interval_in_days = 90
  }
}

locals {
  # `oci-vault:<OCID>` references: what manifests, function config and the VM's env carry.
  vault_refs = { for k, v in var.secret_ids : k => v == "" ? "" : "oci-vault:${v}" }
  # Parts that read secrets are created only once every OCID is given (see var.deploy_secrets).
  with_secrets = var.deploy_secrets && alltrue([for v in values(var.secret_ids) : v != ""])
}
