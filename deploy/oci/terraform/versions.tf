# Terraform and provider versions for the Vision Stays estate on OCI (attribute names read from oracle/oci 8.28 docs and examples).
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 7.0.0, < 9.0.0"
    }
  }
}

# Credentials come from ~/.oci/config (profile var.oci_config_profile) or the environment
# (OCI_CLI_AUTH=instance_principal in a build runner); none are variables here.
provider "oci" {
  region              = var.region
  config_file_profile = var.oci_config_profile
}

# IAM lives in the home region.
provider "oci" {
  alias               = "home"
  region              = var.home_region
  config_file_profile = var.oci_config_profile
}
