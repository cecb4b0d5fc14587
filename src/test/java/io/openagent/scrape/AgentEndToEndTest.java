package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.ExpositionReader;
import io.openagent.wire.Pack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent end to end through real sockets: HTTP targets → routes → WhaTap session → collector. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentEndToEndTest {
    private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    @TempDir
    Path home;

    private static String key(Pack.OpenMxRecord r) {
        return r.metric() + new java.util.TreeMap<>(r.labels()) + "=" + r.value();
    }

    @Test
    void everySampleOfEveryFixtureArrivesAsOneRecordWithTheTargetLabels() throws Exception {
        List<String> fixtures = List.of("node_exporter.prom", "prometheus.prom", "vmagent.prom", "python_client.prom",
                "python_client.om.txt", "camel_micrometer.prom");
        try (TestTargets targets = new TestTargets()) {
            StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
            Map<String, Set<String>> expected = new LinkedHashMap<>();
            Map<String, Integer> help = new LinkedHashMap<>();
            for (String f : fixtures) {
                byte[] body = Files.readAllBytes(SharedFiles.fixture(f));
                boolean om = f.endsWith(".om.txt");
                targets.serve("/" + f, body, om ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4");
                String job = f.replace('.', '_');
                cfg.append("  - job_name: ").append(job).append("\n    metrics_path: /").append(f)
                        .append("\n    static_configs:\n      - targets: [\"").append(targets.address()).append("\"]\n        labels:\n          team: e2e\n");
                Set<String> keys = new TreeSet<>();
                var r = new ExpositionReader().read(new ByteArrayInputStream(body), om ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT,
                        s -> {
                            if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
                                return;
                            }
                            Map<String, String> labels = new java.util.TreeMap<>();
                            s.labels().forEach((k, v) -> {
                                if (!v.isEmpty()) {
                                    labels.put(k.equals("job") || k.equals("instance") || k.equals("team") ? "exported_" + k : k, v);
                                }
                            });
                            labels.put("job", job);
                            labels.put("instance", targets.address());
                            labels.put("team", "e2e");
                            keys.add(s.name() + labels + "=" + s.value());
                        });
                expected.put(job, keys);
                help.put(job, (int) r.families().stream().filter(io.openagent.exposition.MetricFamily::hasMetadata).count());
            }
            long started = System.currentTimeMillis();
            try (AgentHarness agent = new AgentHarness(home, cfg.toString(), "")) {
                assertTrue(AgentHarness.await(() -> agent.agent().targets().size() == fixtures.size()
                        && agent.agent().targets().stream().allMatch(t -> t.scrapesOk() >= 1), 30_000), () -> "targets: " + agent.targetsByJob());
                // the last packs of the first scrapes may still be in flight
                AgentHarness.await(() -> expected.entrySet().stream().allMatch(e -> agent.collector.openMxRecords().stream()
                        .filter(r -> e.getKey().equals(r.labels().get("job")) && !SYNTHETIC.contains(r.metric())).map(AgentEndToEndTest::key)
                        .collect(Collectors.toSet()).containsAll(e.getValue())), 20_000);
                List<Pack.OpenMxRecord> records = agent.collector.openMxRecords();
                long finished = System.currentTimeMillis();
                for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                    List<Pack.OpenMxRecord> mine = records.stream().filter(r -> e.getKey().equals(r.labels().get("job"))).toList();
                    Set<String> got = mine.stream().filter(r -> !SYNTHETIC.contains(r.metric())).map(AgentEndToEndTest::key)
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(e.getValue(), got, e.getKey());
                    for (Pack.OpenMxRecord r : mine) {
                        assertTrue(r.timestamp() >= started - 1 && r.timestamp() <= finished, "scrape-time timestamp " + r.timestamp());
                    }
                    assertTrue(mine.stream().anyMatch(r -> r.metric().equals("up") && r.value() == 1.0), e.getKey() + " up=1");
                }
                Set<String> helpMetrics = agent.collector.helpRecords().stream().map(Pack.OpenMxHelpRecord::metric).collect(Collectors.toSet());
                assertTrue(helpMetrics.contains("node_cpu_seconds_total"));
                assertTrue(helpMetrics.contains("demo_http_requests"), "OpenMetrics family name");
                int totalHelp = help.values().stream().mapToInt(Integer::intValue).sum();
                assertTrue(helpMetrics.size() >= 200 && agent.collector.helpRecords().size() >= totalHelp - 50,
                        "help records: " + agent.collector.helpRecords().size() + " of " + totalHelp);
                assertEquals(0, agent.collector.malformed.get());
                Pack.OpenMxRecord any = records.get(0);
                assertNotNull(any);
                assertTrue(agent.collector.received().stream().allMatch(r -> r.pack().header().oid() == io.openagent.wire.Hashes.hashStr("e2e-agent")));
            }
        }
    }

    @Test
    void gzipErrorStatusesAndAHangingTargetDoNotDisturbTheOthers() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/ok", "ok_metric{a=\"1\"} 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            targets.serve("/gz", new TestTargets.Body("gz_metric 2\n".getBytes(StandardCharsets.UTF_8), "text/plain", 200, true, 0));
            targets.serve("/e500", new TestTargets.Body("boom".getBytes(StandardCharsets.UTF_8), "text/plain", 500, false, 0));
            targets.serve("/hang", new TestTargets.Body("hang_metric 3\n".getBytes(StandardCharsets.UTF_8), "text/plain", 200, false, 5000));
            targets.serve("/garbage", "this is { not metrics\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String a = targets.address();
            String cfg = "scrape_configs:\n"
                    + job("ok", a, "/ok", "1s", "1s") + job("gz", a, "/gz", "1s", "1s") + job("e404", a, "/missing", "1s", "1s")
                    + job("e500", a, "/e500", "1s", "1s") + job("hang", a, "/hang", "2s", "1s") + job("garbage", a, "/garbage", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                assertTrue(AgentHarness.await(() -> agent.target("ok") != null && agent.target("ok").scrapesOk() >= 4
                        && agent.target("hang") != null && agent.target("hang").scrapesFailed() >= 1, 30_000), () -> "" + agent.targetsByJob());
                assertTrue(agent.target("gz").scrapesOk() >= 1, "gzip body: " + agent.target("gz").lastError());
                assertEquals(TargetState.Health.DOWN, agent.target("e404").health());
                assertTrue(agent.target("e404").lastError().contains("404"), agent.target("e404").lastError());
                assertTrue(agent.target("e500").lastError().contains("500"), agent.target("e500").lastError());
                assertTrue(agent.target("hang").lastError().toLowerCase().contains("time"), agent.target("hang").lastError());
                assertTrue(agent.target("garbage").lastError().contains("line 1"), agent.target("garbage").lastError());
                List<Pack.OpenMxRecord> rs = agent.collector.openMxRecords();
                assertTrue(rs.stream().anyMatch(r -> r.metric().equals("gz_metric") && r.value() == 2.0));
                assertTrue(rs.stream().anyMatch(r -> r.metric().equals("up") && "e500".equals(r.labels().get("job")) && r.value() == 0.0));
                assertFalse(rs.stream().anyMatch(r -> r.metric().equals("hang_metric")), "a timed-out scrape sends nothing but up=0");
                assertTrue(targets.lastAccept.get("/ok").startsWith("application/vnd.google.protobuf"), targets.lastAccept.get("/ok"));
            }
        }
    }

    @Test
    void pathsQueriesAndHeadersReachTheTargetAsConfigured() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/plain/metrics", "plain_metric 1\n".getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4");
            targets.serve("/probe", "probe_metric 2\n".getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4");
            targets.serve("/a b/metrics", "escaped_metric 3\n".getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4");
            // valid only as OpenMetrics (an exemplar): the response's Content-Type must choose the parser
            targets.serve("/om", "# TYPE om_requests counter\nom_requests_total 4 # {trace=\"x\"} 1\n# EOF\n".getBytes(StandardCharsets.UTF_8),
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            // like Prometheus, the agent keeps no cookies: the next scrape must not send this one back
            targets.setCookie.put("/plain/metrics", "session=abc; Path=/");
            String a = targets.address();
            String cfg = "scrape_configs:\n" + job("plain", a, "/plain/metrics", "1s", "1s")
                    + job("probe", a, "/probe", "1s", "1s") + "    params:\n      module: [http_2xx]\n      target: [\"a/b c\"]\n"
                    + job("escaped", a, "/a%20b/metrics", "1s", "1s") + job("om", a, "/om", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                assertTrue(AgentHarness.await(() -> agent.targetsByJob().size() == 4
                        && agent.targetsByJob().values().stream().allMatch(t -> t.scrapesOk() >= 2), 20_000), () -> "" + agent.targetsByJob());
                String headers = " [Accept, Accept-encoding, Connection, Host, User-agent, X-prometheus-scrape-timeout-seconds]";
                assertEquals("/plain/metrics" + headers, targets.lastRequest.get("/plain/metrics"));
                assertEquals("/probe?module=http_2xx&target=a%2Fb+c" + headers, targets.lastRequest.get("/probe"));
                assertEquals("/a%20b/metrics" + headers, targets.lastRequest.get("/a b/metrics"));
                // delivered (asynchronously) too, the OpenMetrics one parsed as OpenMetrics
                List<String> metrics = List.of("plain_metric", "probe_metric", "escaped_metric", "om_requests_total");
                assertTrue(AgentHarness.await(() -> metrics.stream().allMatch(m -> agent.collector.openMxRecords().stream()
                        .anyMatch(r -> r.metric().equals(m))), 10_000), () -> "" + agent.targetsByJob());
            }
        }
    }

    static String job(String name, String address, String path, String interval, String timeout) {
        return "  - job_name: " + name + "\n    scrape_interval: " + interval + "\n    scrape_timeout: " + timeout + "\n    metrics_path: " + path
                + "\n    static_configs:\n      - targets: [\"" + address + "\"]\n";
    }

    /**
     * Camel has one scrape route per target, under the target's route id, and none of removed or
     * rebuilt targets — once the reload in progress has finished (a new target is listed before its
     * route exists, an old route leaves Camel after the new ones are added).
     */
    static void assertRoutesAreTheTargets(AgentHarness agent) throws InterruptedException {
        java.util.function.Supplier<java.util.Set<String>> routes = () -> {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            agent.context().getRoutes().stream().map(org.apache.camel.Route::getRouteId).filter(id -> id.startsWith("scrape-")).forEach(ids::add);
            return ids;
        };
        java.util.function.Supplier<java.util.Set<String>> wanted = () -> {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            agent.agent().targets().forEach(t -> ids.add(t.routeId));
            return ids;
        };
        AgentHarness.await(() -> routes.get().equals(wanted.get()), 5_000);
        assertEquals(wanted.get(), routes.get());
    }

    @Test
    void aTargetWhoseRouteDoesNotChangeKeepsItsRouteAndCountersWhenItsJobChanges() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/m", "m_metric 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            int port = Integer.parseInt(targets.address().substring(targets.address().lastIndexOf(':') + 1));
            String a = "127.0.0.1:" + port;
            String b = "localhost:" + port; // the same server under a second address: a second target
            java.util.function.BiFunction<String, String, String> job = (list, extra) -> "scrape_configs:\n  - job_name: s\n"
                    + "    scrape_interval: 1s\n    scrape_timeout: 1s\n    metrics_path: /m\n" + extra
                    + "    static_configs:\n      - targets: [" + list + "]\n";
            try (AgentHarness agent = new AgentHarness(home, job.apply("\"" + a + "\"", ""), "")) {
                java.util.function.Function<String, TargetState> byAddress = address -> agent.agent().targets().stream()
                        .filter(t -> t.target().url().getAuthority().equals(address)).findFirst().orElse(null);
                assertTrue(AgentHarness.await(() -> byAddress.apply(a) != null && byAddress.apply(a).scrapesOk() >= 2, 15_000));
                String route = byAddress.apply(a).routeId;

                // a second target in the same job changes the job of the first
                agent.writeScrapeConfig(job.apply("\"" + a + "\", \"" + b + "\"", ""));
                assertTrue(AgentHarness.await(() -> byAddress.apply(b) != null && byAddress.apply(b).scrapesOk() >= 1, 7_000));
                assertRoutesAreTheTargets(agent);
                TargetState first = byAddress.apply(a);
                assertEquals(route, first.routeId, "the first target kept its route");
                io.openagent.openmx.OpenMxConverter converterBefore = first.converter;
                long ok = first.scrapesOk();
                assertTrue(ok >= 2, "its counters carried on: " + ok);
                assertTrue(AgentHarness.await(() -> byAddress.apply(a).scrapesOk() >= ok + 2, 5_000), "and it is still scraped");

                // conversion settings change: same route, a converter made for them
                agent.writeScrapeConfig(job.apply("\"" + a + "\", \"" + b + "\"", "    honor_labels: true\n"));
                assertTrue(AgentHarness.await(() -> byAddress.apply(a).target().job().honorLabels(), 5_000));
                assertEquals(route, byAddress.apply(a).routeId);
                assertTrue(byAddress.apply(a).converter != converterBefore, "a converter for the new settings");
                assertRoutesAreTheTargets(agent);

                // the interval is part of the route: rebuilt
                agent.writeScrapeConfig(job.apply("\"" + a + "\", \"" + b + "\"", "    honor_labels: true\n").replace("scrape_interval: 1s", "scrape_interval: 2s"));
                // (while its route is rebuilt the target is briefly not in the list)
                assertTrue(AgentHarness.await(() -> byAddress.apply(a) != null && byAddress.apply(a).target().interval().toMillis() == 2000, 5_000));
                assertTrue(!route.equals(byAddress.apply(a).routeId), "a new route for the new interval");
                assertRoutesAreTheTargets(agent);
            }
        }
    }

    @Test
    void routesOfRemovedTargetsStopAtOnceAndLeaveCamelABudgetAtATime() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            for (String path : List.of("/a", "/b", "/c")) {
                targets.serve(path, "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            }
            String address = targets.address();
            try (AgentHarness agent = new AgentHarness(home, "scrape_configs:\n" + job("a", address, "/a", "1s", "1s")
                    + job("b", address, "/b", "1s", "1s") + job("c", address, "/c", "1s", "1s"), "")) {
                AgentRuntime runtime = agent.agent();
                assertTrue(AgentHarness.await(() -> runtime.targets().size() == 3 && runtime.targets().stream().allMatch(t -> t.scrapesOk() >= 1),
                        15_000));
                assertRoutesAreTheTargets(agent);
                TargetState c = agent.target("c");
                runtime.disposeBudgetMs = 0; // one removal per call
                synchronized (runtime) { // the config-watch tick waits: nothing else removes routes meanwhile
                    runtime.applyTargets(Map.of(c.target().id(), c.target()));
                    assertEquals(1, runtime.targets().size());
                    assertEquals(1, runtime.retiredRoutesLeft(), "one stopped route removed, the other left for the next tick");
                    assertEquals(2, agent.context().getRoutes().stream().filter(r -> r.getRouteId().startsWith("scrape-")).count());
                    int a = targets.hits("/a");
                    int b = targets.hits("/b");
                    int kept = targets.hits("/c");
                    Thread.sleep(2500);
                    assertEquals(a, targets.hits("/a"), "a retired target is not scraped while its route waits for removal");
                    assertEquals(b, targets.hits("/b"));
                    assertTrue(targets.hits("/c") > kept, "the kept target is");
                }
                assertTrue(AgentHarness.await(() -> runtime.retiredRoutesLeft() == 0, 5_000), "the config-watch tick removes the rest");
                assertRoutesAreTheTargets(agent);
            }
        }
    }

    @Test
    void reloadAddsRemovesChangesAndSurvivesABrokenFileAndTogglesDebug() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/a", "a_metric 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            targets.serve("/b", "b_metric 2\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String a = targets.address();
            try (AgentHarness agent = new AgentHarness(home, "scrape_configs:\n" + job("a", a, "/a", "1s", "1s"), "")) {
                assertTrue(AgentHarness.await(() -> agent.target("a") != null && agent.target("a").scrapesOk() >= 1, 15_000));

                long t0 = System.currentTimeMillis();
                agent.writeScrapeConfig("scrape_configs:\n" + job("a", a, "/a", "1s", "1s") + job("b", a, "/b", "1s", "1s"));
                assertTrue(AgentHarness.await(() -> agent.target("b") != null && agent.target("b").scrapesOk() >= 1, 5_000 + 2_000),
                        "target added within 5 s");
                assertTrue(System.currentTimeMillis() - t0 < 7_000);
                assertRoutesAreTheTargets(agent);

                agent.writeScrapeConfig("scrape_configs:\n" + job("b", a, "/b", "1s", "1s"));
                assertTrue(AgentHarness.await(() -> agent.target("a") == null, 5_000), "target removed within 5 s");
                int hitsAfterRemoval = targets.hits("/a");
                Thread.sleep(2500);
                assertEquals(hitsAfterRemoval, targets.hits("/a"), "a removed target is no longer scraped");
                assertRoutesAreTheTargets(agent);

                agent.writeScrapeConfig("scrape_configs:\n  - job_name: b\n    scrape_interval: [broken\n");
                assertTrue(AgentHarness.await(() -> agent.agent().configError() != null, 5_000), "the broken file is reported");
                assertTrue(agent.agent().configError().contains("scrape_config.yaml:"), agent.agent().configError());
                int before = targets.hits("/b");
                assertTrue(AgentHarness.await(() -> targets.hits("/b") >= before + 2, 5_000), "the last good config keeps running");

                agent.writeScrapeConfig("scrape_configs:\n" + job("b", a, "/b", "3s", "1s"));
                assertTrue(AgentHarness.await(() -> agent.target("b") != null && agent.target("b").target().interval().toMillis() == 3000, 5_000),
                        "interval change applied");
                assertEquals(null, agent.agent().configError());
                assertRoutesAreTheTargets(agent);

                PrintStream original = System.out;
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    agent.writeWhatapConf("debug=true\n");
                    assertTrue(AgentHarness.await(() -> captured.toString(StandardCharsets.UTF_8).contains("\"metric\":\"b_metric\""), 5_000 + 3_500),
                            "debug=true prints converted records");
                    agent.writeWhatapConf("debug=false\n");
                    assertTrue(AgentHarness.await(() -> !agent.agent().debug(), 5_000));
                    Thread.sleep(200);
                    int size = captured.size();
                    Thread.sleep(4000);
                    assertEquals(size, captured.size(), "debug=false stops the printing");
                } finally {
                    System.setOut(original);
                }
            }
        }
    }
}
