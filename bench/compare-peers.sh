#!/usr/bin/env bash
# OpenAgent side by side with Prometheus (agent mode) and vmagent on the same local targets.
#   bench/compare-peers.sh                      200 targets serving node_exporter.prom, 1 s interval, 60 s
#   bench/compare-peers.sh --targets 50,200,1000 --big    the three sizes and one 100k-series target
#   bench/compare-peers.sh --help               every option
# Installs Debian's prometheus, victoria-metrics (vmagent) and nginx (the targets) when missing,
# builds target/openagent.jar when missing, and writes target/bench/compare-peers.json.
# JVM flags for our agent: OPENAGENT_JAVA_OPTS or --jvm-flags (default: the launcher's own).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v vmagent >/dev/null || missing+=(victoria-metrics)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # the packages' services are not wanted: the benchmark starts its own processes
  for s in prometheus victoria-metrics nginx; do $SUDO service "$s" stop >/dev/null 2>&1 || true; done
fi
[ -f target/openagent.jar ] || mvn -B -q package -DskipTests
exec python3 bench/compare_peers.py "$@"
