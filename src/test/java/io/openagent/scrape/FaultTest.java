package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.openagent.SharedFiles;
import io.openagent.cli.DemoLicense;
import io.openagent.collector.Collector;
import io.openagent.wire.Pack;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Faults on both sides, each bounded in time; each asserts that nothing was lost or that the loss was counted and explained. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultTest {
    @TempDir
    Path home;

    @Test
    void badTargetsFailAloneWithTheirReason() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/ok", "ok_metric 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            targets.serve("/garbage", new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x'}, "text/plain");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(Files.readAllBytes(SharedFiles.fixture("node_exporter.prom")));
            }
            byte[] truncated = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
            targets.serve("/truncated-gzip", new TestTargets.Body(truncated, "text/plain", 200, false, 0));
            targets.rawEncoding.put("/truncated-gzip", "gzip"); // a gzip body cut in the middle
            targets.serve("/big", ("big_metric{l=\"" + "x".repeat(2000) + "\"} 1\n").getBytes(StandardCharsets.UTF_8), "text/plain");
            HttpServer drip = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            drip.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            drip.createContext("/drip", ex -> {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (byte b : "drip_metric 1\n".getBytes(StandardCharsets.UTF_8)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    // the agent hung up: expected
                }
            });
            drip.start();
            try {
                String a = targets.address();
                String cfg = "scrape_configs:\n"
                        + AgentEndToEndTest.job("ok", a, "/ok", "2s", "2s")
                        + AgentEndToEndTest.job("garbage", a, "/garbage", "2s", "2s")
                        + "  - job_name: truncated\n    scrape_interval: 2s\n    scrape_timeout: 2s\n    metrics_path: /truncated-gzip\n"
                        + "    static_configs: [{targets: [\"" + a + "\"]}]\n"
                        + "  - job_name: big\n    scrape_interval: 2s\n    scrape_timeout: 2s\n    metrics_path: /big\n    body_size_limit: 1KB\n"
                        + "    static_configs: [{targets: [\"" + a + "\"]}]\n"
                        + AgentEndToEndTest.job("drip", "127.0.0.1:" + drip.getAddress().getPort(), "/drip", "3s", "2s")
                        + AgentEndToEndTest.job("nohost", "no-such-host.invalid:9100", "/metrics", "2s", "2s");
                try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                    assertTrue(AgentHarness.await(() -> agent.agent().targets().size() == 6
                            && agent.agent().targets().stream().allMatch(t -> t.scrapesOk() + t.scrapesFailed() >= 1)
                            && agent.target("ok").scrapesOk() >= 3, 60_000), () -> "" + agent.targetsByJob());
                    assertEquals(TargetState.Health.UP, agent.target("ok").health());
                    assertTrue(agent.target("garbage").lastError().startsWith("line 1"), agent.target("garbage").lastError());
                    assertEquals(TargetState.Health.DOWN, agent.target("truncated").health());
                    System.out.println("truncated gzip body: " + agent.target("truncated").lastError());
                    assertTrue(agent.target("truncated").lastError().toLowerCase().matches(".*(eof|gzip|zip|truncat|unexpected end|premature).*"),
                            agent.target("truncated").lastError());
                    assertTrue(agent.target("big").lastError().contains("size limit"), agent.target("big").lastError());
                    assertTrue(agent.target("drip").lastError().contains("timeout"), agent.target("drip").lastError());
                    assertTrue(agent.target("nohost").lastError().contains("no-such-host.invalid"), agent.target("nohost").lastError());
                    for (String job : List.of("garbage", "truncated", "big", "drip", "nohost")) {
                        // the failure is recorded before its up=0 pack reaches the collector
                        assertTrue(AgentHarness.await(() -> agent.collector.openMxRecords().stream()
                                .anyMatch(r -> r.metric().equals("up") && job.equals(r.labels().get("job")) && r.value() == 0), 10_000),
                                "up=0 delivered for " + job);
                        List<Pack.OpenMxRecord> rs = agent.collector.openMxRecords();
                        assertTrue(rs.stream().noneMatch(r -> job.equals(r.labels().get("job")) && !r.metric().equals("up")
                                && !r.metric().startsWith("scrape_")), "no partial data for " + job);
                    }
                }
            } finally {
                drip.stop(0);
            }
        }
    }

    @Test
    void aCollectorThatDropsConnectionsMidStreamLosesNothing() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20000; i++) {
                body.append("series{i=\"").append(i).append("\",pad=\"").append("p".repeat(40)).append("\"} ").append(i).append('\n');
            }
            targets.serve("/metrics", body.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
            String cfg = "scrape_configs:\n" + AgentEndToEndTest.job("big", targets.address(), "/metrics", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                ScrapeService scrapes = agent.context().getRegistry().lookupByNameAndType("scrapes", ScrapeService.class);
                assertTrue(AgentHarness.await(() -> agent.collector.records.get() > 20000, 20_000));
                for (int i = 0; i < 8; i++) {
                    Thread.sleep(700);
                    agent.collector.disconnectAll(); // often in the middle of a frame
                }
                agent.writeScrapeConfig("scrape_configs: []\n");
                assertTrue(AgentHarness.await(() -> agent.agent().targets().isEmpty(), 10_000));
                long produced = scrapes.recordsProduced.get();
                assertTrue(AgentHarness.await(() -> agent.collector.records.get() >= produced, 60_000),
                        () -> "received " + agent.collector.records.get() + " of " + produced);
                Thread.sleep(500);
                long received = agent.collector.records.get();
                System.out.println("connections dropped 8 times: " + produced + " records produced, " + received + " received ("
                        + (received - produced) + " sent twice), " + agent.collector.truncated.get() + " frames cut by the drop");
                assertTrue(received >= produced, "nothing lost");
                assertTrue(received - produced <= 8 * 1000, "at most the unconfirmed pack of each drop is sent twice");
            }
        }
    }

    @Test
    void anAgentKilledWithSigkillDuringAnOutageDeliversAfterRestart() throws Exception {
        int collectorPort;
        try (ServerSocket s = new ServerSocket(0)) {
            collectorPort = s.getLocalPort();
        }
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/metrics", Files.readAllBytes(SharedFiles.fixture("node_exporter.prom")), "text/plain; version=0.0.4");
            Files.writeString(home.resolve("scrape_config.yaml"), "scrape_configs:\n"
                    + AgentEndToEndTest.job("node", targets.address(), "/metrics", "1s", "1s"));
            Files.writeString(home.resolve("whatap.conf"), "whatap.oname=killed-agent\n");
            long outageStart = System.currentTimeMillis();
            Process first = agentProcess(collectorPort);
            try {
                Thread.sleep(15000); // after the JVM starts, about 10 scrapes go to the spool: the collector is down
            } finally {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            }
            long killedAt = System.currentTimeMillis();
            try (Collector collector = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", collectorPort)) {
                Process second = agentProcess(collectorPort);
                try {
                    assertTrue(AgentHarness.await(() -> collector.openMxRecords().stream()
                            .filter(r -> r.timestamp() >= outageStart && r.timestamp() < killedAt && "node".equals(r.labels().get("job")))
                            .count() >= 5L * 512, 60_000), () -> "records from before the kill: " + collector.openMxRecords().stream()
                            .filter(r -> r.timestamp() < killedAt).count());
                } finally {
                    second.destroy();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private Process agentProcess(int collectorPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-cp",
                System.getProperty("java.class.path"),
                // surefire's class path can list the classes twice; load the routes from the checkout's routes/ folder
                "-Dcamel.main.routesIncludePattern=file:routes/*.yaml", "io.openagent.Main", "foreground");
        pb.environment().put("WHATAP_HOME", home.toString());
        pb.environment().put("WHATAP_LICENSE", DemoLicense.LICENSE);
        pb.environment().put("WHATAP_HOST", "127.0.0.1");
        pb.environment().put("WHATAP_PORT", Integer.toString(collectorPort));
        pb.environment().put("OPENAGENT_MANAGEMENT_PORT", "0");
        pb.environment().put("OPENAGENT_MANAGEMENT_HOST", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(System.getProperty("java.io.tmpdir"), "openagent-fault-agent.log")));
        return pb.start();
    }
}
