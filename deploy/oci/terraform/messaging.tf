# Booking events (Streaming) and operator alerts (Notifications: admin alerts from the relay, DevOps run events).

resource "oci_streaming_stream_pool" "main" {
  depends_on     = [oci_identity_policy.keys]
  compartment_id = var.compartment_ocid
  name           = "${var.name}-pool"
  custom_encryption_key {
    kms_key_id = oci_kms_key.main.id
  }
}

# One stream; the relay keys messages by hotel, so a hotel's events stay in order in one partition.
resource "oci_streaming_stream" "booking_events" {
  name               = "${var.name}-booking-events"
  partitions         = 3
  retention_in_hours = 168
  stream_pool_id     = oci_streaming_stream_pool.main.id
}

resource "oci_ons_notification_topic" "alerts" {
  compartment_id = var.compartment_ocid
  name           = "${var.name}-alerts"
  description    = "Vision Stays admin alerts (VS_OCI_TOPIC_ID) and DevOps run events"
}

resource "oci_ons_subscription" "alerts_email" {
  compartment_id = var.compartment_ocid
  topic_id       = oci_ons_notification_topic.alerts.id
  protocol       = "EMAIL"
  endpoint       = var.alert_email
}
