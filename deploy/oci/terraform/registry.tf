# Where builds go: OCIR repositories for the serve and function images, an Artifact Registry repository for manifests, the VM tarball and smoke.sh.

resource "oci_artifacts_container_repository" "serve" {
  compartment_id = var.compartment_ocid
  display_name   = "vision-stays"
  is_public      = false
  is_immutable   = true # a tag names one build forever (rollback = redeploy an old tag)
}

resource "oci_artifacts_container_repository" "function" {
  compartment_id = var.compartment_ocid
  display_name   = "vision-stays-function"
  is_public      = false
  is_immutable   = true
}

resource "oci_artifacts_repository" "releases" {
  compartment_id  = var.compartment_ocid
  display_name    = "${var.name}-releases"
  repository_type = "GENERIC"
  is_immutable    = true
  description     = "Rendered OKE manifests, the web VM tarball and smoke.sh, one version per build (IMAGE_TAG)"
}
