# The VCN: public LB and API Gateway subnets, private subnets for the web VM, OKE (API endpoint, nodes, VCN-native pods), database and functions; gateways, routes, NSGs.

locals {
  cidr = {
    kube_api  = cidrsubnet(var.vcn_cidr, 12, 0) # 10.0.0.0/28
    lb        = cidrsubnet(var.vcn_cidr, 8, 1)  # 10.0.1.0/24
    web       = cidrsubnet(var.vcn_cidr, 8, 2)  # 10.0.2.0/24
    nodes     = cidrsubnet(var.vcn_cidr, 8, 10) # 10.0.10.0/24
    db        = cidrsubnet(var.vcn_cidr, 8, 20) # 10.0.20.0/24
    apigw     = cidrsubnet(var.vcn_cidr, 8, 30) # 10.0.30.0/24
    functions = cidrsubnet(var.vcn_cidr, 8, 31) # 10.0.31.0/24
    pods      = cidrsubnet(var.vcn_cidr, 2, 1)  # 10.0.64.0/18: one VCN IP per pod
  }
}

data "oci_core_services" "all" {
  filter {
    name   = "name"
    values = ["All .* Services In Oracle Services Network"]
    regex  = true
  }
}

resource "oci_core_vcn" "main" {
  compartment_id = var.compartment_ocid
  cidr_blocks    = [var.vcn_cidr]
  display_name   = var.name
  dns_label      = "visionstays"
}

# The default security list allows SSH from anywhere; empty it (NSGs carry the rules).
resource "oci_core_default_security_list" "default" {
  manage_default_resource_id = oci_core_vcn.main.default_security_list_id
  display_name               = "${var.name}-default-empty"
}

resource "oci_core_internet_gateway" "igw" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-igw"
}

resource "oci_core_nat_gateway" "nat" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-nat"
}

resource "oci_core_service_gateway" "sgw" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-sgw"
  services {
    service_id = data.oci_core_services.all.services[0].id
  }
}

resource "oci_core_route_table" "public" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-public"
  route_rules {
    destination       = "0.0.0.0/0"
    destination_type  = "CIDR_BLOCK"
    network_entity_id = oci_core_internet_gateway.igw.id
  }
}

# Private subnets: OCI services (Vault, Streaming, OCIR, Object Storage) through the service
# gateway, everything else (SMTP, package mirrors) through NAT.
resource "oci_core_route_table" "private" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-private"
  route_rules {
    destination       = "0.0.0.0/0"
    destination_type  = "CIDR_BLOCK"
    network_entity_id = oci_core_nat_gateway.nat.id
  }
  route_rules {
    destination       = data.oci_core_services.all.services[0].cidr_block
    destination_type  = "SERVICE_CIDR_BLOCK"
    network_entity_id = oci_core_service_gateway.sgw.id
  }
}

# The database needs no internet: service gateway only.
resource "oci_core_route_table" "db" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-db"
  route_rules {
    destination       = data.oci_core_services.all.services[0].cidr_block
    destination_type  = "SERVICE_CIDR_BLOCK"
    network_entity_id = oci_core_service_gateway.sgw.id
  }
}

locals {
  subnets = {
    lb        = { cidr = local.cidr.lb, public = true, rt = oci_core_route_table.public.id, dns = "lb" }
    apigw     = { cidr = local.cidr.apigw, public = true, rt = oci_core_route_table.public.id, dns = "apigw" }
    kube_api  = { cidr = local.cidr.kube_api, public = length(var.admin_cidrs) > 0, rt = length(var.admin_cidrs) > 0 ? oci_core_route_table.public.id : oci_core_route_table.private.id, dns = "kubeapi" }
    web       = { cidr = local.cidr.web, public = false, rt = oci_core_route_table.private.id, dns = "web" }
    nodes     = { cidr = local.cidr.nodes, public = false, rt = oci_core_route_table.private.id, dns = "nodes" }
    pods      = { cidr = local.cidr.pods, public = false, rt = oci_core_route_table.private.id, dns = "pods" }
    db        = { cidr = local.cidr.db, public = false, rt = oci_core_route_table.db.id, dns = "db" }
    functions = { cidr = local.cidr.functions, public = false, rt = oci_core_route_table.private.id, dns = "fn" }
  }
}

resource "oci_core_subnet" "this" {
  for_each                   = local.subnets
  compartment_id             = var.compartment_ocid
  vcn_id                     = oci_core_vcn.main.id
  cidr_block                 = each.value.cidr
  display_name               = "${var.name}-${each.key}"
  dns_label                  = each.value.dns
  prohibit_public_ip_on_vnic = !each.value.public
  route_table_id             = each.value.rt
  security_list_ids          = [oci_core_vcn.main.default_security_list_id]
}

# --- Network security groups: one per tier; rules name the peer NSG, not a CIDR, where they can.
resource "oci_core_network_security_group" "this" {
  for_each       = toset(["lb", "web", "kube_api", "nodes", "pods", "db", "functions", "apigw"])
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.main.id
  display_name   = "${var.name}-${each.key}"
}

locals {
  nsg = { for k, v in oci_core_network_security_group.this : k => v.id }
  # Ingress rules: [nsg, protocol (6 tcp, 17 udp, all), source (CIDR or NSG key), min port, max port, why]
  ingress = [
    ["lb", "6", "0.0.0.0/0", 443, 443, "HTTPS from the internet (WAF in front)"],
    ["lb", "6", "0.0.0.0/0", 80, 80, "HTTP, redirected to HTTPS"],
    ["web", "6", "lb", 443, 443, "nginx on the VM from the LB"],
    ["web", "6", "lb", 80, 80, "LB health check (/healthz on 80)"],
    ["kube_api", "6", "nodes", 6443, 6443, "API server from workers"],
    ["kube_api", "6", "nodes", 12250, 12250, "proxymux (workload identity) from workers"],
    ["kube_api", "6", "pods", 6443, 6443, "API server from pods"],
    ["kube_api", "6", "pods", 12250, 12250, "workload identity token exchange from pods"],
    ["kube_api", "6", "functions", 6443, 6443, "DevOps deploy stages (private endpoint channel)"],
    ["nodes", "all", "nodes", 0, 0, "worker to worker"],
    ["nodes", "all", "pods", 0, 0, "pods to workers"],
    ["nodes", "6", "kube_api", 10250, 10250, "kubelet from the control plane"],
    ["nodes", "6", "web", 80, 80, "web VM to the ingress controller's internal LB"],
    ["nodes", "6", "apigw", 80, 80, "API Gateway to the ingress controller's internal LB"],
    ["pods", "all", "pods", 0, 0, "pod to pod (NetworkPolicies narrow it)"],
    ["pods", "all", "nodes", 0, 0, "workers to pods (probes, ingress LB node ports)"],
    ["pods", "all", "kube_api", 0, 0, "control plane to pods (webhooks)"],
    ["db", "6", "pods", 5432, 5432, "PostgreSQL from the services"],
    ["db", "6", "functions", 5432, 5432, "PostgreSQL from the functions"],
    ["db", "6", "web", 5432, 5432, "PostgreSQL from the web VM (only if it runs migrations)"],
    ["functions", "6", "apigw", 443, 443, "API Gateway to the functions"],
    ["apigw", "6", "0.0.0.0/0", 443, 443, "HTTPS from the internet"],
  ]
}

resource "oci_core_network_security_group_security_rule" "ingress" {
  #checkov:skip=CKV_OCI_21:Stateful on purpose: stateless rules would need a mirror egress rule for every reply; the rules are per peer NSG and port.
  for_each                  = { for r in local.ingress : "${r[0]}-${r[2]}-${r[1]}-${r[3]}" => r }
  network_security_group_id = local.nsg[each.value[0]]
  direction                 = "INGRESS"
  protocol                  = each.value[1]
  description               = each.value[5]
  source                    = can(cidrhost(each.value[2], 0)) ? each.value[2] : local.nsg[each.value[2]]
  source_type               = can(cidrhost(each.value[2], 0)) ? "CIDR_BLOCK" : "NETWORK_SECURITY_GROUP"
  stateless                 = false

  dynamic "tcp_options" {
    for_each = each.value[1] == "6" ? [1] : []
    content {
      destination_port_range {
        min = each.value[3]
        max = each.value[4]
      }
    }
  }
}

resource "oci_core_network_security_group_security_rule" "admin_kube_api" {
  #checkov:skip=CKV_OCI_21:Stateful on purpose (replies to kubectl); only 6443 from the listed admin CIDRs.
  for_each                  = toset(var.admin_cidrs)
  network_security_group_id = local.nsg["kube_api"]
  direction                 = "INGRESS"
  protocol                  = "6"
  description               = "kubectl from an admin network"
  source                    = each.value
  source_type               = "CIDR_BLOCK"
  tcp_options {
    destination_port_range {
      min = 6443
      max = 6443
    }
  }
}

# Egress: anything inside the VCN (NSG ingress rules decide there), HTTPS out (OCI services via the
# service gateway, OCIR, GitHub), SMTP for the relay, DNS/metadata at 169.254.169.254. The database
# opens no connection of its own.
locals {
  egress_tiers = ["lb", "web", "kube_api", "nodes", "pods", "functions", "apigw"]
  egress       = flatten([for t in local.egress_tiers : concat(
    [
      [t, "all", var.vcn_cidr, 0, 0, "inside the VCN"],
      [t, "6", "0.0.0.0/0", 443, 443, "HTTPS to OCI services and registries"],
      [t, "17", "169.254.169.254/32", 53, 53, "VCN resolver"],
      [t, "6", "169.254.169.254/32", 80, 80, "instance metadata and resolver"],
    ],
    contains(["pods", "functions"], t) ? [
      [t, "6", "0.0.0.0/0", 587, 587, "SMTP submission (Email Delivery, STARTTLS)"],
      [t, "6", "0.0.0.0/0", 465, 465, "SMTP submission (implicit TLS)"],
    ] : [],
  )])
}

resource "oci_core_network_security_group_security_rule" "egress" {
  for_each                  = { for r in local.egress : "${r[0]}-${r[2]}-${r[1]}-${r[3]}" => r }
  network_security_group_id = local.nsg[each.value[0]]
  direction                 = "EGRESS"
  protocol                  = each.value[1]
  description               = each.value[5]
  destination               = each.value[2]
  destination_type          = "CIDR_BLOCK"
  stateless                 = false

  dynamic "tcp_options" {
    for_each = each.value[1] == "6" ? [1] : []
    content {
      destination_port_range {
        min = each.value[3]
        max = each.value[4]
      }
    }
  }
  dynamic "udp_options" {
    for_each = each.value[1] == "17" ? [1] : []
    content {
      destination_port_range {
        min = each.value[3]
        max = each.value[4]
      }
    }
  }
}
