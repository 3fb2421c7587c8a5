# OKE: an ENHANCED cluster (workload identity for the pods' Vault reads) with VCN-native pod networking, private API endpoint, one node pool.

data "oci_identity_availability_domains" "ads" {
  compartment_id = var.tenancy_ocid
}

resource "oci_containerengine_cluster" "main" {
  #checkov:skip=CKV2_OCI_6:PodSecurityPolicy was removed in Kubernetes 1.25; the release namespaces enforce the restricted Pod Security Standard by label (devops_release.tf).
  depends_on         = [oci_identity_policy.keys]
  compartment_id     = var.compartment_ocid
  name               = var.name
  kubernetes_version = var.kubernetes_version
  vcn_id             = oci_core_vcn.main.id
  # Workload identity (request.principal.type='workload') exists only on enhanced clusters.
  type       = "ENHANCED_CLUSTER"
  kms_key_id = oci_kms_key.main.id

  cluster_pod_network_options {
    cni_type = "OCI_VCN_IP_NATIVE"
  }

  endpoint_config {
    subnet_id            = oci_core_subnet.this["kube_api"].id
    is_public_ip_enabled = length(var.admin_cidrs) > 0
    nsg_ids              = [local.nsg["kube_api"]]
  }

  options {
    service_lb_subnet_ids = [oci_core_subnet.this["nodes"].id]
    kubernetes_network_config {
      services_cidr = "10.96.0.0/16"
    }
    add_ons {
      is_kubernetes_dashboard_enabled = false
      is_tiller_enabled               = false
    }
  }

  image_policy_config {
    is_policy_enabled = false
  }
}

resource "oci_containerengine_node_pool" "main" {
  depends_on         = [oci_identity_policy.keys]
  cluster_id         = oci_containerengine_cluster.main.id
  compartment_id     = var.compartment_ocid
  name               = "${var.name}-pool"
  kubernetes_version = var.kubernetes_version
  node_shape         = var.node_shape

  node_shape_config {
    ocpus         = var.node_ocpus
    memory_in_gbs = var.node_memory_gbs
  }

  node_source_details {
    source_type             = "IMAGE"
    image_id                = var.node_image_id
    boot_volume_size_in_gbs = 60
  }

  node_config_details {
    size                                = var.node_count
    nsg_ids                             = [local.nsg["nodes"]]
    is_pv_encryption_in_transit_enabled = true
    kms_key_id                          = oci_kms_key.main.id

    dynamic "placement_configs" {
      for_each = data.oci_identity_availability_domains.ads.availability_domains
      content {
        availability_domain = placement_configs.value.name
        subnet_id           = oci_core_subnet.this["nodes"].id
      }
    }

    node_pool_pod_network_option_details {
      cni_type          = "OCI_VCN_IP_NATIVE"
      pod_subnet_ids    = [oci_core_subnet.this["pods"].id]
      pod_nsg_ids       = [local.nsg["pods"]]
      max_pods_per_node = 31
    }
  }

  initial_node_labels {
    key   = "app"
    value = "vision-stays"
  }
}
