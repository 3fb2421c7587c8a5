# OCI Database with PostgreSQL: private subnet, admin password from a Vault secret, daily backups with point-in-time recovery.

resource "oci_psql_db_system" "main" {
  # Needs only the admin password secret: the DATABASE_URL secret is made from its endpoint.
  count          = var.deploy_secrets && var.secret_ids.db_admin_password != "" ? 1 : 0
  compartment_id = var.compartment_ocid
  display_name   = "${var.name}-db"
  db_version     = var.db_version
  shape          = var.db_shape
  system_type    = "OCI_OPTIMIZED_STORAGE"

  instance_count              = var.db_instance_count
  instance_ocpu_count         = var.db_ocpus
  instance_memory_size_in_gbs = var.db_memory_gbs

  network_details {
    subnet_id                  = oci_core_subnet.this["db"].id
    nsg_ids                    = [local.nsg["db"]]
    is_reader_endpoint_enabled = var.db_instance_count > 1
  }

  # Regionally durable storage survives the loss of an availability domain.
  storage_details {
    is_regionally_durable = true
    system_type           = "OCI_OPTIMIZED_STORAGE"
  }

  # The admin password is read from Vault by the service; Terraform never sees it.
  credentials {
    username = "vsadmin"
    password_details {
      password_type  = "VAULT_SECRET"
      secret_id      = var.secret_ids.db_admin_password
      secret_version = tostring(var.db_admin_password_secret_version)
    }
  }

  management_policy {
    maintenance_window_start = "SUN 03:00"
    backup_policy {
      kind           = "DAILY"
      backup_start   = "02:00"
      retention_days = var.backup_retention_days
    }
    pitr_policy {
      kind         = "STANDARD"
      restore_days = var.backup_retention_days
    }
  }

  lifecycle {
    # A new admin secret version must not replace the database.
    ignore_changes = [credentials]
  }
}
