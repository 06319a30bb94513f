# The same state bucket as examples/basic, under its own prefix:
#   terraform init -backend-config="bucket=STATE_BUCKET" -backend-config="prefix=log-gardener-deployer"
terraform {
  backend "gcs" {}
}
