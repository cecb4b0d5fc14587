#!/usr/bin/env bash
# Creates (or replaces) the Secret holding the WhaTap credentials the agent reads.
#   ./k8s/create-whatap-secret.sh <WHATAP_LICENSE> <WHATAP_HOST> <WHATAP_PORT>
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <WHATAP_LICENSE> <WHATAP_HOST> <WHATAP_PORT>" >&2
  exit 2
fi
namespace="${NAMESPACE:-whatap-monitoring}"
kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
kubectl -n "$namespace" create secret generic whatap-credentials \
  --from-literal=license="$1" --from-literal=host="$2" --from-literal=port="$3" \
  --dry-run=client -o yaml | kubectl apply -f -
echo "secret whatap-credentials ready in namespace $namespace"
