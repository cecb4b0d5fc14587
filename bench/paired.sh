#!/usr/bin/env bash
# Two or more builds of the agent's hot path in one JVM, rounds interleaved, thread CPU time:
#   bench/paired.sh OLD.jar target/openagent.jar               parse node_exporter, 30 rounds
#   MODE=pce BODY=synth ROUNDS=12 bench/paired.sh A.jar B.jar  parse + convert + encode, synthetic 100k
#   MODE=pce200 bench/paired.sh A.jar B.jar                     200 targets' converters in turn
#   JAVA_OPTS=-Dpark=2000000 MODE=pce200 bench/paired.sh ...    ... with the agent's idle gap after each
# Prints each build's best and median ns/sample and the median of its per-round ratio to the first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,7p' "$0"; exit 2; }
out=target/bench/paired
mkdir -p "$out"
javac -d "$out" -cp "$1" bench/src/io/openagent/bench/Bodies.java bench/paired/PairedRound.java
javac -d "$out" bench/paired/Paired.java
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$out" Paired "${MODE:-parse}" "${BODY:-node}" "${ROUNDS:-30}" "$out" "$@"
