#!/usr/bin/env python3
"""Two or more agents at the same time, on the same targets: CPU per window for each.

compare_peers.py runs agents one after the other, so a change of a few per cent drowns in the
machine's drift between runs (±20 % here). This runs the builds side by side instead: one nginx
serving N copies of node_exporter.prom, one local collector, every agent scraping all N targets at
a 1 s interval; after the warm-up it samples each agent's CPU seconds (/proc/<pid>/stat) over
--rounds windows and prints, per window and in total, each build's CPU as a ratio to the first.

The agents are started one after the other, and the order itself shows in the ratios (a build
against itself came out 0.965 in one run): run a comparison in both orders, or run the same jar
twice first, and read the ratios against that. Everything is local (127.0.0.1) and stops by itself.

An agent may also be the word `vmagent` (Debian's victoria-metrics package, as compare_peers.py
installs it), remote-writing to a local sink that answers 204: the ratio to it is then measured in
the same windows, free of the drift between compare_peers.py's runs. Each window also prints the
samples each agent delivered per second (for our builds the collector's count, so only when one
build runs), to show that a lower CPU is not fewer scrapes.

    python3 bench/side_by_side.py OLD.jar target/openagent.jar
    python3 bench/side_by_side.py target/openagent.jar target/openagent.jar --flags "|-Dx=y"
    python3 bench/side_by_side.py target/openagent.jar vmagent
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_peers as cp  # noqa: E402

VMAGENT = "vmagent"


def cpu_seconds(p):
    return cp.cpu_seconds(p.pid)


def rss_mib(p):
    return int(cp.status(p.pid)["VmRSS"].split()[0]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jars", nargs="+", help="two or more agent jars (or 'vmagent'); ratios are to the first")
    ap.add_argument("--targets", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=120, help="seconds before the first window (the JIT needs ~90)")
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--flags", default="", help="extra JVM flags per jar, separated by '|'")
    ap.add_argument("--base-port", type=int, default=23000)
    ap.add_argument("--fixture", default=os.path.join(cp.ROOT, "..", "shared", "fixtures", "exposition", "node_exporter.prom"))
    ap.add_argument("--out", default="target/bench/side-by-side")
    a = ap.parse_args()
    if len(a.jars) < 2:
        ap.error("two agents at least")
    ours = [j for j in a.jars if j != VMAGENT]
    if not ours:
        ap.error("one of our jars at least (it also runs the collector)")
    if VMAGENT in a.jars and shutil.which("vmagent") is None:
        sys.exit("vmagent is not installed (bench/compare-peers.sh installs Debian's victoria-metrics)")
    extra = [f.split() for f in a.flags.split("|")] if a.flags else []
    extra += [[]] * (len(a.jars) - len(extra))
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out + "/bodies")
    fixture = a.fixture
    names = []
    for i in range(a.targets):
        shutil.copyfile(fixture, f"{out}/bodies/t{i}.prom")
        names.append(f"t{i}.prom")
    procs = []
    try:
        collector_log = out + "/collector.err"
        port = cp.free_port()
        stats = out + "/collector-stats.json"
        procs.append(subprocess.Popen(["java", "-jar", ours[0], "collector", "--port", str(port), "--quiet", "--stats-file", stats],
                                      stdout=subprocess.DEVNULL, stderr=open(collector_log, "w")))
        license_key = None
        for _ in range(300):
            m = re.search(r"demo license (\S+)\)", open(collector_log).read())
            if m:
                license_key = m.group(1)
                break
            time.sleep(0.2)
        if license_key is None:
            sys.exit("the collector did not start: " + collector_log)
        procs.append(cp.start_nginx(out, names, a.base_port))
        addresses = [f"127.0.0.1:{a.base_port + i}" for i in range(a.targets)]
        agents = []
        delivered = []  # per agent: a function giving its samples delivered so far, or None
        for k, jar in enumerate(a.jars):
            work = f"{out}/agent{k}"
            os.makedirs(work)
            mgmt = cp.free_port()
            if jar == VMAGENT:
                sink = cp.free_port()
                procs.append(subprocess.Popen([sys.executable, cp.__file__, "sink", str(sink)]))
                p = cp.start_vmagent(work, addresses, "1s", sink, mgmt)
                procs.append(p)
                cp.wait_http(f"http://127.0.0.1:{mgmt}/metrics", 120)
                delivered.append(lambda ctx={"port": mgmt}: cp.delivered_vmagent(ctx))
            else:
                p = cp.start_ours(work, addresses, "1s", port, license_key, mgmt, jar, cp.image_jvm_flags().split() + extra[k])
                procs.append(p)
                cp.wait_http(f"http://127.0.0.1:{mgmt}/observe/health/live", 120)
                delivered.append((lambda: cp.delivered_ours({"stats": stats})) if len(ours) == 1 else None)
            agents.append(p)
        print(f"{len(agents)} agents x {a.targets} targets: warming up {a.warmup}s, then {a.rounds} x {a.window}s", flush=True)
        time.sleep(a.warmup)
        totals = [0.0] * len(agents)
        for r in range(a.rounds):
            before = [cpu_seconds(p) for p in agents]
            sent = [d() if d else None for d in delivered]
            time.sleep(a.window)
            used = [cpu_seconds(p) - b for p, b in zip(agents, before)]
            rates = [f"{(d() - s0) / a.window:.0f}" if d and s0 is not None else "-" for d, s0 in zip(delivered, sent)]
            totals = [t + u for t, u in zip(totals, used)]
            print(f"window {r}: cpu s " + " ".join(f"{u:.2f}" for u in used) + "  ratios " +
                  " ".join(f"{u / used[0]:.3f}" for u in used[1:]) + "  rss MiB " +
                  " ".join(f"{rss_mib(p):.0f}" for p in agents) + "  samples/s " + " ".join(rates), flush=True)
        print("total: cpu s " + " ".join(f"{t:.2f}" for t in totals) + "  ratios " +
              " ".join(f"{t / totals[0]:.3f}" for t in totals[1:]))
    finally:
        for p in reversed(procs):
            cp.stop(p)


if __name__ == "__main__":
    main()
