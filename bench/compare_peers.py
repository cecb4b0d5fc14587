#!/usr/bin/env python3
"""Side-by-side benchmark: OpenAgent, Prometheus in agent mode and vmagent scraping the same targets.

Started by bench/compare-peers.sh (which installs the peers and builds the jar). Each agent runs
alone, in turn, against the same nginx serving N copies of node_exporter.prom (or one 100k-series
body) at a 1 s interval; after a warm-up the script measures, over the window: CPU seconds of the
agent's process (/proc/<pid>/stat utime+stime), peak RSS (VmHWM), the highest thread count, samples
delivered per second (our collector's record count; the peers' own remote-write counters, their
sink answers 204) and the share of the expected scrapes that nginx served. Everything is local
(127.0.0.1) and stops by itself.
"""
import argparse
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode("utf-8", "replace")
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("no answer from " + url)


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8", "replace")


def metric_sum(text, name, label_filter=None):
    """Sum of a metric's samples in a Prometheus text body (optionally only lines containing label_filter)."""
    total, found = 0.0, False
    for line in text.splitlines():
        if line.startswith(name) and (len(line) == len(name) or line[len(name)] in " {"):
            if label_filter and label_filter not in line:
                continue
            try:
                total += float(line.rsplit(" ", 1)[1])
                found = True
            except ValueError:
                pass
    return total if found else None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


# ---- the remote-write sink (a separate process: its CPU is nobody's) ----

def run_sink(port):
    class Sink(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            while n > 0:
                n -= len(self.rfile.read(min(n, 1 << 20)))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()


# ---- the targets: nginx on 127.0.0.1, one port per target ----

def start_nginx(work, bodies, base_port):
    os.makedirs(work, exist_ok=True)
    listens = "\n".join(f"    server {{ listen 127.0.0.1:{base_port + i}; location / {{ try_files /{name} =404; }} }}"
                        for i, name in enumerate(bodies))
    conf = f"""
user root;
worker_processes 1;
worker_rlimit_nofile 65535;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 16384; }}
http {{
    log_format scrape '$server_port';
    access_log {work}/access.log scrape;
    default_type text/plain;
    root {work}/bodies;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
{listens}
}}
"""
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(conf)
    p = subprocess.Popen(["nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work], stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(work, "nginx.out"), "w"))
    wait_http(f"http://127.0.0.1:{base_port}/{bodies[0]}")
    return p


def count_scrapes(log, offset):
    """Requests logged since offset: (new offset, requests per port)."""
    per_port = {}
    with open(log, "rb") as f:
        f.seek(offset)
        data = f.read()
    for line in data.splitlines():
        per_port[line] = per_port.get(line, 0) + 1
    return offset + len(data), per_port


# ---- the three agents ----

def targets_yaml(addresses):
    return "\n".join(f"          - \"{a}\"" for a in addresses)


def start_ours(work, addresses, interval, collector_port, license, mgmt_port, jar, jvm_flags, gzip_level=None):
    home = os.path.join(work, "ours")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    with open(os.path.join(home, "whatap.conf"), "w") as f:
        f.write("whatap.oname=bench\n")
        if gzip_level is not None:
            f.write(f"gzip_level={gzip_level}\n")
    with open(os.path.join(home, "scrape_config.yaml"), "w") as f:
        f.write(f"global:\n  scrape_interval: {interval}\n  scrape_timeout: {interval}\nscrape_configs:\n  - job_name: bench\n"
                f"    static_configs:\n      - targets:\n{targets_yaml(addresses)}\n")
    env = dict(os.environ, WHATAP_HOME=home, WHATAP_LICENSE=license, WHATAP_HOST="127.0.0.1", WHATAP_PORT=str(collector_port),
               OPENAGENT_MANAGEMENT_PORT=str(mgmt_port))
    cmd = ["java"] + jvm_flags + ["-jar", jar, "foreground"]
    env.setdefault("MALLOC_ARENA_MAX", "2")  # as the image and the launcher set it
    p = subprocess.Popen(cmd, env=env, stdout=open(os.path.join(home, "agent.out"), "w"), stderr=subprocess.STDOUT)
    return p


def prometheus_yaml(addresses, interval, sink_port):
    return (f"global:\n  scrape_interval: {interval}\n  scrape_timeout: {interval}\nscrape_configs:\n  - job_name: bench\n"
            f"    static_configs:\n      - targets:\n{targets_yaml(addresses)}\n"
            f"remote_write:\n  - url: http://127.0.0.1:{sink_port}/api/v1/write\n")


def start_prometheus(work, addresses, interval, sink_port, port):
    d = os.path.join(work, "prometheus")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "prometheus.yml"), "w") as f:
        f.write(prometheus_yaml(addresses, interval, sink_port))
    return subprocess.Popen(["prometheus", "--enable-feature=agent", f"--config.file={d}/prometheus.yml", f"--storage.agent.path={d}/data",
                             f"--web.listen-address=127.0.0.1:{port}"], stdout=open(os.path.join(d, "out.log"), "w"),
                            stderr=subprocess.STDOUT)


def start_vmagent(work, addresses, interval, sink_port, port):
    d = os.path.join(work, "vmagent")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "scrape.yml"), "w") as f:
        f.write(prometheus_yaml(addresses, interval, sink_port).split("remote_write:")[0])
    return subprocess.Popen(["vmagent", f"-promscrape.config={d}/scrape.yml", f"-remoteWrite.url=http://127.0.0.1:{sink_port}/api/v1/write",
                             f"-remoteWrite.tmpDataPath={d}/data", f"-httpListenAddr=127.0.0.1:{port}", "-loggerLevel=ERROR"],
                            stdout=open(os.path.join(d, "out.log"), "w"), stderr=subprocess.STDOUT)


def delivered_ours(ctx):
    with open(ctx["stats"]) as f:
        return json.load(f)["records"]


def delivered_prometheus(ctx):
    text = fetch(f"http://127.0.0.1:{ctx['port']}/metrics")
    v = metric_sum(text, "prometheus_remote_storage_samples_total")
    if v is None:
        v = metric_sum(text, "prometheus_remote_storage_succeeded_samples_total")
    return v


def delivered_vmagent(ctx):
    text = fetch(f"http://127.0.0.1:{ctx['port']}/metrics")
    # rows handed to the remote-write client after relabeling; the sink accepts everything (204)
    return metric_sum(text, "vmagent_remotewrite_rows_pushed_after_relabel_total")


def measure(name, proc, delivered, ctx, warmup, duration, access_log, expected_ports, interval_s):
    deadline = time.time() + warmup
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited during the warm-up (code {proc.returncode})")
        time.sleep(0.5)
    offset = os.path.getsize(access_log)
    d0 = delivered(ctx)
    c0 = cpu_seconds(proc.pid)
    t0 = time.time()
    threads = 0
    while time.time() - t0 < duration:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited (code {proc.returncode})")
        st = status(proc.pid)
        threads = max(threads, int(st["Threads"]))
        time.sleep(1)
    t1 = time.time()
    c1 = cpu_seconds(proc.pid)
    d1 = delivered(ctx)
    st = status(proc.pid)
    _, per_port = count_scrapes(access_log, offset)
    elapsed = t1 - t0
    expected = elapsed / interval_s
    complete = sum(min(1.0, per_port.get(str(p).encode(), 0) / (expected * 0.9)) for p in expected_ports) / len(expected_ports)
    cpu = c1 - c0
    samples_per_s = (d1 - d0) / elapsed if d0 is not None and d1 is not None else None
    return {
        "agent": name,
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": round(int(st["VmHWM"].split()[0]) / 1024, 1),
        "threads_max": max(threads, int(st["Threads"])),
        "samples_delivered_per_s": round(samples_per_s) if samples_per_s is not None else None,
        "cpu_us_per_sample": round(cpu / (samples_per_s * elapsed) * 1e6, 3) if samples_per_s else None,
        "scrapes_served": sum(per_port.values()),
        "targets_scraped_every_interval": round(complete, 4),
        "window_s": round(elapsed, 1),
    }


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def run_case(args, label, bodies, jar, license, collector_port, stats, sink_port, jvm_flags):
    work = os.path.join(args.out, "work", re.sub(r"[^a-zA-Z0-9]+", "-", label).strip("-"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "bodies"))
    names = []
    for i, body in enumerate(bodies):
        name = f"t{i}.prom"
        shutil.copyfile(body, os.path.join(work, "bodies", name))
        names.append(name)
    base = args.base_port
    nginx = start_nginx(work, names, base)
    ports = [base + i for i in range(len(names))]
    addresses = [f"127.0.0.1:{p}" for p in ports]
    interval_s = float(args.interval.rstrip("s"))
    rows = []
    try:
        for agent in args.agents:
            port = free_port()
            if agent in ("ours", "baseline"):
                p = start_ours(work, addresses, args.interval, collector_port, license, port,
                               jar if agent == "ours" else args.baseline_jar,
                               jvm_flags if agent == "ours" or args.baseline_jvm_flags is None else args.baseline_jvm_flags.split(),
                               args.gzip_level)
                ctx = {"stats": stats}
                wait_http(f"http://127.0.0.1:{port}/observe/health/live", 120)
                fn = delivered_ours
            elif agent == "prometheus":
                p = start_prometheus(work, addresses, args.interval, sink_port, port)
                ctx = {"port": port}
                wait_http(f"http://127.0.0.1:{port}/-/ready", 120)
                fn = delivered_prometheus
            else:
                p = start_vmagent(work, addresses, args.interval, sink_port, port)
                ctx = {"port": port}
                wait_http(f"http://127.0.0.1:{port}/metrics", 120)
                fn = delivered_vmagent
            try:
                print(f"  {label}: {agent} warming up {args.warmup}s, measuring {args.duration}s", file=sys.stderr, flush=True)
                rows.append(measure(agent, p, fn, ctx, args.warmup, args.duration, os.path.join(work, "access.log"), ports, interval_s))
            finally:
                stop(p)
    finally:
        stop(nginx)
    return rows


def ratios(rows):
    by = {r["agent"]: r for r in rows}
    out = {}
    ours = by.get("ours")
    for peer in ("vmagent", "prometheus", "baseline"):
        o = by.get(peer)
        if ours and o and ours["cpu_us_per_sample"] and o["cpu_us_per_sample"]:
            out[f"cpu_per_sample_ours/{peer}"] = round(ours["cpu_us_per_sample"] / o["cpu_us_per_sample"], 3)
            out[f"peak_rss_ours/{peer}"] = round(ours["peak_rss_mib"] / o["peak_rss_mib"], 3)
            out[f"threads_ours/{peer}"] = round(ours["threads_max"] / o["threads_max"], 3)
    return out


def table(label, rows, r):
    cols = ["agent", "cpu_seconds", "peak_rss_mib", "threads_max", "samples_delivered_per_s", "cpu_us_per_sample",
            "targets_scraped_every_interval"]
    lines = [f"## {label}", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c)) for c in cols) + " |")
    for k, v in r.items():
        lines.append(f"- {k}: {v}")
    return "\n".join(lines)


def synthetic_body(path, series):
    with open(path, "w") as f:
        f.write("# HELP bench_series A synthetic gauge.\n# TYPE bench_series gauge\n")
        for i in range(series):
            f.write(f'bench_series{{shard="{i % 64}",id="{i}",path="/api/v1/items/{i % 1000}"}} {i * 0.5}\n')


def image_jvm_flags():
    """The JVM options the image (and the launcher, for its worker) runs the agent with."""
    with open(os.path.join(ROOT, "Dockerfile")) as f:
        m = re.search(r'JAVA_TOOL_OPTIONS="([^"]*)"', f.read())
    return m.group(1) if m else ""


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "sink":
        run_sink(int(sys.argv[2]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", default="200", help="comma-separated target counts, e.g. 50,200,1000")
    ap.add_argument("--big", action="store_true", help="also one target with --big-series series")
    ap.add_argument("--big-series", type=int, default=100_000)
    ap.add_argument("--agents", default="ours,vmagent,prometheus")
    ap.add_argument("--interval", default="1s")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--base-port", type=int, default=21000)
    ap.add_argument("--jvm-flags", default=os.environ.get("OPENAGENT_JAVA_OPTS") or image_jvm_flags(),
                    help="our agent's JVM flags (default: the image's JAVA_TOOL_OPTIONS, the launcher's defaults)")
    ap.add_argument("--fixture", default=os.path.join(ROOT, "..", "shared", "fixtures", "exposition", "node_exporter.prom"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--gzip-level", type=int, help="gzip_level for our agent (whatap.conf; default 2; 1 = fixed codes, fastest): 0 shows what the "
                                                      "protocol's gzip costs, since the peers compress with snappy")
    ap.add_argument("--baseline-jar", help="also run our agent from this jar (an older build) as agent 'baseline', "
                                           "for a before/after ratio measured in the same run")
    ap.add_argument("--baseline-jvm-flags", help="JVM flags for agent 'baseline' (default: the same as ours'); with "
                                                 "--baseline-jar target/openagent.jar this compares two flag sets in one run")
    args = ap.parse_args()
    args.agents = args.agents.split(",")
    if args.baseline_jar and "baseline" not in args.agents:
        args.agents.insert(1, "baseline")
    if "baseline" in args.agents and not args.baseline_jar:
        ap.error("agent 'baseline' needs --baseline-jar")
    os.makedirs(args.out, exist_ok=True)
    jar = os.path.join(ROOT, "target", "openagent.jar")
    jvm_flags = args.jvm_flags.split() if args.jvm_flags else []

    sink_port = free_port()
    sink = subprocess.Popen([sys.executable, os.path.abspath(__file__), "sink", str(sink_port)])
    collector_port = free_port()
    stats = os.path.join(args.out, "collector-stats.json")
    collector_log = os.path.join(args.out, "collector.err")
    collector = subprocess.Popen(["java", "-jar", jar, "collector", "--port", str(collector_port), "--quiet", "--stats-file", stats],
                                 stdout=subprocess.DEVNULL, stderr=open(collector_log, "w"))
    try:
        license = None
        deadline = time.time() + 60
        while license is None and time.time() < deadline:
            m = re.search(r"demo license (\S+)\)", open(collector_log).read())
            license = m.group(1) if m else None
            time.sleep(0.2)
        if license is None:
            raise RuntimeError("the collector did not start: " + open(collector_log).read())
        cases = [(f"{n} targets x node_exporter.prom", [args.fixture] * int(n)) for n in args.targets.split(",") if n]
        if args.big:
            big = os.path.join(args.out, f"synthetic-{args.big_series}.prom")
            synthetic_body(big, args.big_series)
            cases.append((f"1 target x {args.big_series} series", [big]))
        results = []
        for label, bodies in cases:
            rows = run_case(args, label, bodies, jar, license, collector_port, stats, sink_port, jvm_flags)
            r = ratios(rows)
            results.append({"case": label, "targets": len(bodies), "rows": rows, "ratios": r})
            print(table(label, rows, r), flush=True)
        summary = {}
        by_n = {c["targets"]: c for c in results if "node_exporter" in c["case"]}
        if 200 in by_n and 1000 in by_n:
            for row200 in by_n[200]["rows"]:
                row1000 = next((x for x in by_n[1000]["rows"] if x["agent"] == row200["agent"]), None)
                if row1000 and row200["cpu_seconds"]:
                    summary[f"cpu_1000_over_200_{row200['agent']}"] = round(row1000["cpu_seconds"] / row200["cpu_seconds"], 2)
        out = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "interval": args.interval, "warmup_s": args.warmup,
               "duration_s": args.duration, "jvm_flags": jvm_flags,
               "baseline_jvm_flags": args.baseline_jvm_flags.split() if args.baseline_jvm_flags is not None else None, "cases": results, "scaling": summary,
               "cpus": os.cpu_count()}
        path = os.path.join(args.out, "compare-peers.json")
        for p in (path, os.path.join(args.out, time.strftime("compare-peers-%Y%m%dT%H%M%SZ.json", time.gmtime()))):
            with open(p, "w") as f:
                json.dump(out, f, indent=2)
        for k, v in summary.items():
            print(f"- {k}: {v}")
        print(f"written {path}")
    finally:
        stop(collector)
        stop(sink)


if __name__ == "__main__":
    main()
