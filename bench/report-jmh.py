#!/usr/bin/env python3
"""Turns a JMH JSON result of ExpositionBenchmark into per-sample numbers and same-run ratios.

Besides JMH's mean and error, the median and best measurement iteration: on a shared machine whose
speed changes by phases, the mean mixes phases, while the best iteration shows what the code does
when it has a core to itself (compare it with lineScan's best from the same run). The last column
is each benchmark's mean over lineScan's mean in the same run: a figure that moves less with the
machine's phase than samples/s does."""
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
    iterations = sorted(x * n for fork in r["primaryMetric"]["rawData"] for x in fork)
    table[(body, bench)] = (ops * n, err * n, (alloc / n) if alloc is not None else None,
                            iterations[len(iterations) // 2], iterations[-1])

print(f"{'body':<16}{'benchmark':<30}{'samples/s (1 core)':>20}{'± err':>13}{'median it.':>13}{'best it.':>13}"
      f"{'B alloc/sample':>16}{'vs naiveSplit':>15}{'vs lineScan':>13}")
for (body, bench), (rate, err, alloc, median, best) in sorted(table.items()):
    naive = table.get((body, "naiveSplit"), (None,))[0]
    ratio = f"{rate / naive:.2f}x" if naive else "-"
    scan = table.get((body, "lineScan"), (None,))[0]
    to_scan = f"{rate / scan:.3f}" if scan else "-"
    a = f"{alloc:.1f}" if alloc is not None else "-"
    print(f"{body:<16}{bench:<30}{rate:>20,.0f}{err:>13,.0f}{median:>13,.0f}{best:>13,.0f}{a:>16}{ratio:>15}{to_scan:>13}")
