package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 300 targets do not cost more threads than 20: timers share one thread, scrapes share one pool. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadBoundTest {
    @TempDir
    Path dir;

    private static String config(String address, int targets) {
        StringBuilder sb = new StringBuilder("scrape_configs:\n  - job_name: many\n    scrape_interval: 1s\n    scrape_timeout: 1s\n"
                + "    static_configs:\n      - targets:\n");
        for (int i = 0; i < targets; i++) {
            // distinct addresses of the same server: 127.0.0.x all reach the loopback listener
            sb.append("          - \"127.0.").append(i / 250).append('.').append(i % 250 + 1).append(':').append(address.split(":")[1]).append("\"\n");
        }
        return sb.toString();
    }

    private int steadyThreads(TestTargets targets, int count, Path home) throws Exception {
        Files.createDirectories(home);
        System.setProperty("OPENAGENT_SCRAPE_THREADS", "4"); // both runs saturate the same bounded pool
        try (AgentHarness agent = new AgentHarness(home, config(targets.address(), count), "")) {
            assertTrue(AgentHarness.await(() -> agent.agent().targets().size() == count
                    && agent.agent().targets().stream().allMatch(t -> t.scrapesOk() >= 2), 60_000),
                    () -> "scraped: " + agent.agent().targets().stream().filter(t -> t.scrapesOk() >= 2).count() + " of " + count);
            java.util.Map<String, Long> groups = new java.util.TreeMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> groups.merge(t.getName().replaceAll("[0-9]+", "#"), 1L, Long::sum));
            System.out.println(count + " targets: " + groups);
            return ManagementFactory.getThreadMXBean().getThreadCount();
        }
    }

    @Test
    void threadsDoNotGrowWithTargets() throws Exception {
        try (TestTargets targets = new TestTargets("0.0.0.0")) {
            targets.serve("/metrics", "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            int few = steadyThreads(targets, 30, dir.resolve("few"));
            Thread.sleep(500);
            int many = steadyThreads(targets, 300, dir.resolve("many"));
            System.out.println("threads with 30 targets: " + few + ", with 300 targets: " + many);
            assertTrue(many - few <= 10, "threads grew from " + few + " to " + many);
        }
    }
}
