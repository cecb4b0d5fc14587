package io.openagent.scrape;

import io.openagent.cli.DemoLicense;
import io.openagent.collector.Collector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Runs the real agent in-process for end-to-end tests: the YAML routes of {@code routes/}, a
 * WHATAP_HOME in a temporary folder, and a {@link Collector} on 127.0.0.1 receiving everything.
 */
final class AgentHarness implements AutoCloseable {
    static final List<String> PROPERTIES = List.of("WHATAP_HOME", "WHATAP_LICENSE", "WHATAP_HOST", "WHATAP_PORT", "whatap.oname",
            "OPENAGENT_SCRAPE_THREADS", "KUBECONFIG", "POD_NAMESPACE");

    final Path home;
    final Collector collector;
    private final Main main;

    AgentHarness(Path home, String scrapeConfig, String whatapConf) throws Exception {
        this(home, scrapeConfig, whatapConf, 0);
    }

    /** @param managementPort 0 disables /observe/*, else it listens on 127.0.0.1 at that port */
    AgentHarness(Path home, String scrapeConfig, String whatapConf, int managementPort) throws Exception {
        this.home = home;
        Files.writeString(home.resolve("scrape_config.yaml"), scrapeConfig);
        Files.writeString(home.resolve("whatap.conf"), whatapConf);
        collector = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", 0);
        System.setProperty("WHATAP_HOME", home.toString());
        System.setProperty("WHATAP_LICENSE", DemoLicense.LICENSE);
        System.setProperty("WHATAP_HOST", "127.0.0.1");
        System.setProperty("WHATAP_PORT", Integer.toString(collector.port()));
        System.setProperty("whatap.oname", "e2e-agent");
        main = new Main();
        main.configure().withRoutesIncludePattern("file:routes/*.yaml");
        if (managementPort == 0) {
            main.addOverrideProperty("camel.management.enabled", "false");
            main.addOverrideProperty("camel.server.enabled", "false");
            // the targets page needs the HTTP server
            main.configure().withRoutesExcludePattern("**/targets-page.yaml");
        } else {
            main.addOverrideProperty("camel.management.enabled", "true");
            main.addOverrideProperty("camel.management.host", "127.0.0.1");
            main.addOverrideProperty("camel.management.port", Integer.toString(managementPort));
            main.addOverrideProperty("camel.server.host", "127.0.0.1");
            main.addOverrideProperty("camel.server.port", Integer.toString(managementPort));
        }
        main.addOverrideProperty("camel.main.shutdownTimeout", "5");
        main.start();
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    AgentRuntime agent() {
        return context().getRegistry().lookupByNameAndType("agent", AgentRuntime.class);
    }

    void writeScrapeConfig(String yaml) throws IOException {
        Path tmp = home.resolve("scrape_config.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, home.resolve("scrape_config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        touch(home.resolve("scrape_config.yaml"));
    }

    void writeWhatapConf(String text) throws IOException {
        Files.writeString(home.resolve("whatap.conf"), text);
        touch(home.resolve("whatap.conf"));
    }

    /** File systems with coarse mtimes: make sure a rewrite is seen as a change. */
    private static void touch(Path p) throws IOException {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + (long) (Math.random() * 1000)));
    }

    TargetState target(String job) {
        return agent().targets().stream().filter(t -> t.target().jobName().equals(job)).findFirst().orElse(null);
    }

    Map<String, TargetState> targetsByJob() {
        Map<String, TargetState> m = new java.util.TreeMap<>();
        agent().targets().forEach(t -> m.put(t.target().jobName() + " " + t.target().url(), t));
        return m;
    }

    static boolean await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            collector.close();
            PROPERTIES.forEach(System::clearProperty);
        }
    }
}
