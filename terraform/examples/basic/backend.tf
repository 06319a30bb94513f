# One state for both ways of deploying: by hand and from Cloud Build, both keep the state in the same
# GCS bucket (versioned, so an earlier state can be restored), so neither creates what the other
# already made (a second state would try to create the secret again and get 409). The bucket and
# prefix are given at init, never written here:
#
#   terraform init -backend-config="bucket=STATE_BUCKET" -backend-config="prefix=log-gardener"
#
# cloudbuild.yaml passes the same two values from _TF_STATE_BUCKET and _TF_STATE_PREFIX.
terraform {
  backend "gcs" {}
}
