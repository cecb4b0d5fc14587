package io.openagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.openagent.config.AgentConfig;
import io.openagent.config.JobConfig;
import io.openagent.config.ScrapeConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetBuilderTest {
    private static JobConfig job(String yaml) throws Exception {
        AgentConfig c = ScrapeConfigLoader.parse("scrape_configs:\n" + yaml, "t.yaml");
        return c.jobs().get(0);
    }

    @Test
    void specialLabelsDecideTheScrapeAndMetaLabelsAreRemoved() throws Exception {
        JobConfig j = job("""
                  - job_name: k
                    params: {module: [a]}
                    relabel_configs:
                      - {target_label: __scheme__, replacement: https}
                      - {target_label: __metrics_path__, replacement: /probe}
                      - {target_label: __param_module, replacement: b}
                      - {target_label: __scrape_interval__, replacement: 30s}
                      - {target_label: __scrape_timeout__, replacement: 5s}
                      - {source_labels: [__meta_x], target_label: kept}
                      - {target_label: __tmp_scratch, replacement: x}
                """);
        TargetBuilder.Result r = TargetBuilder.build(j, Map.of("__address__", "h:1", "__meta_x", "m"));
        ScrapeTarget t = r.target();
        assertEquals("https://h:1/probe?module=b", t.url().toString());
        assertEquals(Duration.ofSeconds(30), t.interval());
        assertEquals(Duration.ofSeconds(5), t.timeout());
        assertEquals(Map.of("job", "k", "instance", "h:1", "kept", "m"), t.labels());
        assertEquals("m", r.discovered().get("__meta_x"), "discovered labels keep the meta labels for the targets page");
    }

    @Test
    void instanceCanBeSetAndAddressIsRequired() throws Exception {
        JobConfig j = job("  - job_name: k\n    relabel_configs:\n      - {target_label: instance, replacement: my-host}\n");
        assertEquals("my-host", TargetBuilder.build(j, Map.of("__address__", "h:1")).target().labels().get("instance"));
        TargetBuilder.Result none = TargetBuilder.build(job("  - job_name: k\n"), Map.of());
        assertFalse(none.kept());
        assertEquals("no address", none.droppedBecause());
    }

    @Test
    void timeoutLongerThanIntervalAfterRelabelingDropsTheTarget() throws Exception {
        JobConfig j = job("  - job_name: k\n    relabel_configs:\n      - {target_label: __scrape_timeout__, replacement: 5m}\n");
        TargetBuilder.Result r = TargetBuilder.build(j, Map.of("__address__", "h:1"));
        assertFalse(r.kept());
    }

    @TempDir
    Path dir;

    @Test
    void relabelCommandShowsEveryStepOnTheSeedExample() throws Exception {
        // The example of the Prometheus notes: keep pods on node worker1 with app=nginx-exporter, port 9113.
        Path cfg = Files.writeString(dir.resolve("c.yaml"), """
                scrape_configs:
                  - job_name: nginx
                    relabel_configs:
                      - {source_labels: [__meta_kubernetes_pod_node_name], regex: worker1, action: keep}
                      - {source_labels: [__meta_kubernetes_pod_label_app], regex: nginx-exporter, action: keep}
                      - {source_labels: [__meta_kubernetes_pod_container_port_number], regex: "9113", action: keep}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = io.openagent.cli.RelabelCommand.run(new String[] {"--config", cfg.toString(), "--job", "nginx", "--labels",
                "{\"__address__\":\"10.0.0.9:9113\",\"__meta_kubernetes_pod_node_name\":\"worker1\",\"__meta_kubernetes_pod_label_app\":\"nginx-exporter\","
                        + "\"__meta_kubernetes_pod_container_port_number\":\"9113\"}"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(true, text.contains("rule 3:"));
        assertEquals(true, text.contains("target:  http://10.0.0.9:9113/metrics"), text);
        out.reset();
        io.openagent.cli.RelabelCommand.run(new String[] {"--config", cfg.toString(), "--job", "nginx", "--labels",
                "{\"__address__\":\"10.0.0.9:9113\",\"__meta_kubernetes_pod_node_name\":\"worker2\"}"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(true, out.toString(StandardCharsets.UTF_8).contains("dropped by rule 1"), out.toString(StandardCharsets.UTF_8));
    }
}
