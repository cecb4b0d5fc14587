package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import io.openagent.cli.DemoLicense;
import io.openagent.collector.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector goes away for a while (60 s by default, -Dopenagent.outageSeconds=N) during steady
 * scraping; afterwards every record produced while it was away has arrived: the count received
 * equals the count produced, exactly.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CollectorOutageTest {
    @TempDir
    Path home;

    @Test
    void everythingScrapedDuringAnOutageArrivesAfterIt() throws Exception {
        long outageSeconds = Long.getLong("openagent.outageSeconds", 60);
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/metrics", Files.readAllBytes(SharedFiles.fixture("node_exporter.prom")), "text/plain; version=0.0.4");
            String cfg = "scrape_configs:\n" + AgentEndToEndTest.job("node", targets.address(), "/metrics", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                ScrapeService scrapes = agent.context().getRegistry().lookupByNameAndType("scrapes", ScrapeService.class);
                assertTrue(AgentHarness.await(() -> agent.collector.records.get() > 0, 15_000));
                int port = agent.collector.port();
                // take the collector away between scrapes, when every pack so far is confirmed
                assertTrue(AgentHarness.await(() -> agent.agent().session().outboxSize() == 0, 10_000));
                agent.collector.close();
                long beforeOutage = agent.collector.records.get(); // counted after the close: nothing arrives later
                long producedAtOutageStart = scrapes.recordsProduced.get();
                Thread.sleep(outageSeconds * 1000);
                long producedDuringOutage = scrapes.recordsProduced.get() - producedAtOutageStart;
                assertTrue(producedDuringOutage > 0);
                assertTrue(agent.agent().session().outboxSize() > 0, "packs wait in the spool");
                try (Collector second = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", port)) {
                    // stop scraping, then let the spool drain and compare exactly
                    agent.writeScrapeConfig("scrape_configs: []\n");
                    assertTrue(AgentHarness.await(() -> agent.agent().targets().isEmpty(), 10_000));
                    long produced = scrapes.recordsProduced.get();
                    assertTrue(AgentHarness.await(() -> beforeOutage + second.records.get() >= produced, 60_000),
                            () -> "received " + (beforeOutage + second.records.get()) + " of " + produced);
                    Thread.sleep(500);
                    System.out.println("outage of " + outageSeconds + " s: " + producedDuringOutage + " records produced during it; "
                            + produced + " produced in all, " + (beforeOutage + second.records.get()) + " received");
                    assertEquals(produced, beforeOutage + second.records.get(), "exact: nothing lost, nothing twice");
                }
            }
        }
    }
}
