#!/usr/bin/env python3
"""Turns a JMH JSON result of ExpositionBenchmark into per-sample numbers and same-run ratios."""
import json
import sys

SAMPLES = {"node_exporter": 507, "synthetic_100k": 100000}

results = json.load(open(sys.argv[1]))
table = {}
for r in results:
    bench = r["benchmark"].rsplit(".", 1)[1]
    body = r["params"]["body"]
    ops = r["primaryMetric"]["score"]
    err = r["primaryMetric"]["scoreError"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    n = SAMPLES[body]
    table[(body, bench)] = (ops * n, err * n, (alloc / n) if alloc is not None else None)

print(f"{'body':<16}{'benchmark':<30}{'samples/s (1 core)':>22}{'± err':>14}{'bytes alloc/sample':>20}{'vs naiveSplit':>15}")
for (body, bench), (rate, err, alloc) in sorted(table.items()):
    naive = table.get((body, "naiveSplit"), (None,))[0]
    ratio = f"{rate / naive:.2f}x" if naive else "-"
    a = f"{alloc:.1f}" if alloc is not None else "-"
    print(f"{body:<16}{bench:<30}{rate:>22,.0f}{err:>14,.0f}{a:>20}{ratio:>15}")
