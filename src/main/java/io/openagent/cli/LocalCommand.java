package io.openagent.cli;

import io.openagent.collector.Collector;
import io.openagent.scrape.AgentRuntime;
import io.openagent.scrape.TargetState;
import io.openagent.wire.Pack;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code local}: the whole pipeline with no WhaTap account — the built-in collector on 127.0.0.1
 * with the demo license, the demo exporter on 127.0.0.1:9529, and the agent scraping the targets
 * of {@code config/scrape_config.yaml}; prints a live summary of what the collector received.
 */
public final class LocalCommand {
    private LocalCommand() {
    }

    public static int run(String[] args) throws Exception {
        int exporterPort = Integer.parseInt(System.getProperty("openagent.demoPort", "9529"));
        Collector collector = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", 0);
        DemoExporter exporter;
        try {
            exporter = new DemoExporter("127.0.0.1", exporterPort);
        } catch (java.net.BindException e) {
            System.err.println("openagent local: port " + exporterPort + " is busy; the demo exporter cannot start (-Dopenagent.demoPort=N)");
            collector.close();
            return 4;
        }
        System.setProperty("WHATAP_LICENSE", DemoLicense.LICENSE);
        System.setProperty("WHATAP_HOST", "127.0.0.1");
        System.setProperty("WHATAP_PORT", Integer.toString(collector.port()));
        System.setProperty("camel.management.host", System.getProperty("camel.management.host", "127.0.0.1"));
        System.setProperty("camel.server.host", System.getProperty("camel.server.host", "127.0.0.1"));
        System.setProperty("whatap.oname", System.getProperty("whatap.oname", "openagent-local"));
        System.out.println("openagent local: collector on 127.0.0.1:" + collector.port() + " (demo license, pcode " + DemoLicense.PCODE
                + "), demo exporter on http://127.0.0.1:" + exporter.port() + "/metrics");
        AtomicReference<AgentRuntime> agent = new AtomicReference<>();
        ScheduledExecutorService summary = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openagent-local-summary");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0, System.nanoTime()};
        summary.scheduleAtFixedRate(() -> {
            long records = collector.records.get();
            long now = System.nanoTime();
            double rate = (records - last[0]) / ((now - last[1]) / 1e9);
            last[0] = records;
            last[1] = now;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%n[collector] %d records received (%.1f/s), %d help records, %d packs, %d sessions%n", records, rate,
                    collector.helpRecords().size(), collector.packs.get(), collector.handshakes.get()));
            AgentRuntime a = agent.get();
            if (a != null) {
                for (TargetState t : a.targets()) {
                    sb.append(String.format("  %-5s %-14s %-45s %4d samples %5d ms%s%n", t.health(), t.target().jobName(), t.target().url(),
                            t.lastSamples(), t.lastDurationMs(), t.lastError() == null ? "" : "  error: " + t.lastError()));
                }
                if (a.configError() != null) {
                    sb.append("  config error: ").append(a.configError().replace("\n", "\n  ")).append('\n');
                }
            }
            List<Pack.OpenMxRecord> recent = collector.openMxRecords();
            int from = Math.max(0, recent.size() - 3);
            for (Pack.OpenMxRecord r : recent.subList(from, recent.size())) {
                sb.append("  last: ").append(r.metric()).append(r.labels()).append(" = ").append(r.value()).append('\n');
            }
            if (recent.size() > 50_000) {
                collector.clear(); // the local mode keeps only a window of records in memory
            }
            System.out.print(sb);
        }, 5, 5, TimeUnit.SECONDS);
        try {
            return ForegroundCommand.run(args, context -> agent.set(context.getRegistry().lookupByNameAndType("agent", AgentRuntime.class)));
        } finally {
            summary.shutdownNow();
            exporter.close();
            collector.close();
        }
    }
}
