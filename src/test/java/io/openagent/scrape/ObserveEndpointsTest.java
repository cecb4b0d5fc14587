package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /observe/health reports the agent (and a refused config); /observe/metrics carries the agent's own counters. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ObserveEndpointsTest {
    @TempDir
    Path home;

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void secretsNeverShowInLogsOrObserveEndpoints() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        HttpClient http = HttpClient.newHttpClient();
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/m", "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String cfg = "scrape_configs:\n  - job_name: t\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    metrics_path: /m\n"
                    + "    basic_auth: {username: scraper, password: S3cr3t-pw}\n"
                    + "    static_configs: [{targets: [\"" + targets.address() + "\"]}]\n"
                    + "  - job_name: other\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    metrics_path: /other\n"
                    + "    static_configs: [{targets: [\"" + targets.address() + "\"]}]\n";
            targets.serve("/other", "o 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            try (AgentHarness agent = new AgentHarness(home, cfg, "debug=true\n", port)) {
                assertTrue(AgentHarness.await(() -> agent.target("t") != null && agent.target("t").scrapesOk() >= 2
                        && agent.target("other") != null && agent.target("other").scrapesOk() >= 2, 15_000));
                String base = "http://127.0.0.1:" + port;
                String everything = get(http, base + "/observe/health?data=true") + get(http, base + "/observe/metrics") + String.join("\n", logged);
                assertFalse(everything.contains(io.openagent.cli.DemoLicense.LICENSE), "the license never shows");
                assertFalse(everything.contains("S3cr3t-pw"), "a password never shows");
                assertTrue(targets.lastAuthorization.get("/m").startsWith("Basic "), "the configured target gets its credentials");
                assertEquals("", targets.lastAuthorization.get("/other"), "credentials go only to the targets configured to use them");
            }
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
    }

    @Test
    void healthAndOwnMetrics() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/m", "m 1\nnan_metric NaN\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String cfg = "scrape_configs:\n" + AgentEndToEndTest.job("t", targets.address(), "/m", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "", port)) {
                assertTrue(AgentHarness.await(() -> agent.target("t") != null && agent.target("t").scrapesOk() >= 2, 15_000));
                String base = "http://127.0.0.1:" + port;
                var notifiers = agent.context().getManagementStrategy().getEventNotifiers();
                assertFalse(notifiers.isEmpty(), "the metrics setup has event notifiers");
                notifiers.forEach(n -> assertTrue(n.isIgnoreExchangeEvents(), n.getClass() + " is offered exchange events it declines"));
                String health = get(http, base + "/observe/health");
                assertTrue(health.contains("\"status\": \"UP\"") || health.contains("\"status\":\"UP\""), health);
                String page = get(http, base + "/targets");
                assertTrue(page.contains("http://" + targets.address() + "/m") && page.contains("UP") && page.contains("job=\"t\""), page);
                com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(http, base + "/api/v1/targets"));
                assertEquals("success", api.get("status").asText());
                assertEquals("up", api.at("/data/activeTargets/0/health").asText());
                assertEquals("t", api.at("/data/activeTargets/0/labels/job").asText());
                assertEquals("t", api.at("/data/activeTargets/0/scrapePool").asText());
                String metrics = get(http, base + "/observe/metrics");
                assertTrue(metrics.contains("openagent_target_scrapes_total{instance=\"" + targets.address() + "\",job=\"t\",result=\"ok\"}"), metrics);
                assertTrue(metrics.contains("openagent_samples_dropped_total{reason=\"nan_or_inf\"}"), metrics);
                assertTrue(metrics.contains("openagent_session_established 1.0"), metrics);
                assertTrue(metrics.contains("openagent_routes_stopped 0.0"), metrics);
                assertTrue(metrics.contains("openagent_config_reloads_total{result=\"ok\"} 1.0"), metrics);

                agent.writeScrapeConfig("scrape_configs: [broken\n");
                assertTrue(AgentHarness.await(() -> agent.agent().configError() != null, 5_000));
                String details = get(http, base + "/observe/health?data=true");
                assertTrue(details.contains("config.error") || details.contains("refused"), details);
                assertTrue(AgentHarness.await(() -> {
                    try {
                        return get(http, base + "/observe/metrics").contains("openagent_config_reloads_total{result=\"failed\"} 1.0");
                    } catch (Exception e) {
                        return false;
                    }
                }, 5_000));
                assertEquals(1, agent.agent().targets().size(), "the last good configuration keeps running");
            }
        }
    }
}
