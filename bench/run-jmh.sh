#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them with the GC profiler, then prints, per body, samples/s
# per core and bytes allocated per sample, with ratios against the baselines of the same run.
#   bench/run-jmh.sh            full run (about 6 minutes)
#   bench/run-jmh.sh -f 1 -wi 1 -i 2   any extra JMH options
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench -DskipTests package
mkdir -p target/bench
java -jar target/benchmarks.jar ExpositionBenchmark -t 1 -prof gc -rf json -rff target/bench/jmh-exposition.json "$@"
python3 bench/report-jmh.py target/bench/jmh-exposition.json
