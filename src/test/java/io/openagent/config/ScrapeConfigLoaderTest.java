package io.openagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.discovery.ScrapeTarget;
import io.openagent.discovery.TargetBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeConfigLoaderTest {
    private static AgentConfig load(String yaml) throws ConfigException {
        return ScrapeConfigLoader.parse(yaml, "scrape_config.yaml");
    }

    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    private static List<ScrapeTarget> targets(JobConfig job) {
        return TargetBuilder.staticTargets(job).stream().filter(TargetBuilder.Result::kept).map(TargetBuilder.Result::target).toList();
    }

    @Test
    void basicForm() throws Exception {
        AgentConfig c = load("""
                global:
                  scrape_interval: 15s
                scrape_configs:
                  - job_name: prometheus
                    static_config:
                      targets:
                        - localhost:9090
                        - https://secure.example:8443/custom/metrics
                      filter:
                        enabled: true
                        whitelist:
                          - http_requests_total
                          - go_*
                """);
        assertEquals("basic", c.form());
        JobConfig j = c.jobs().get(0);
        assertEquals(Duration.ofSeconds(15), j.interval());
        assertEquals(Duration.ofSeconds(10), j.timeout());
        assertEquals(List.of("http_requests_total", "go_*"), j.metricFilter());
        List<ScrapeTarget> t = targets(j);
        assertEquals("http://localhost:9090/metrics", t.get(0).url().toString());
        assertEquals("https://secure.example:8443/custom/metrics", t.get(1).url().toString());
        assertEquals(Map.of("job", "prometheus", "instance", "localhost:9090"), t.get(0).labels());
    }

    @Test
    void filterDisabledKeepsEverything() throws Exception {
        JobConfig j = load("scrape_configs:\n  - job_name: a\n    static_config:\n      targets: [h:1]\n      filter:\n        enabled: false\n"
                + "        whitelist: [x]\n").jobs().get(0);
        assertTrue(j.metricFilter().isEmpty());
    }

    @Test
    void prometheusForm() throws Exception {
        AgentConfig c = load("""
                global:
                  scrape_interval: 30s
                  scrape_timeout: 5s
                scrape_configs:
                  - job_name: node
                    scrape_interval: 1m30s
                    metrics_path: /probe
                    scheme: https
                    params:
                      module: [http_2xx, extra]
                      target: [example.com]
                    honor_labels: true
                    honor_timestamps: false
                    sample_limit: "1000"
                    label_limit: 30
                    body_size_limit: 10MB
                    tls_config:
                      ca_file: /etc/ca.pem
                      server_name: node.example
                    basic_auth:
                      username: scraper
                      password_file: /etc/pw
                    relabel_configs:
                      - source_labels: [__address__]
                        regex: "(.*):9100"
                        target_label: host
                        replacement: "${1}"
                    metric_relabel_configs:
                      - source_labels: [__name__]
                        regex: "go_.*"
                        action: drop
                    static_configs:
                      - targets: ["10.0.0.1:9100", "10.0.0.2:9100"]
                        labels:
                          rack: r1
                """);
        JobConfig j = c.jobs().get(0);
        assertEquals(Duration.ofSeconds(90), j.interval());
        assertEquals(Duration.ofSeconds(5), j.timeout());
        assertEquals("https", j.scheme());
        assertTrue(j.honorLabels());
        assertFalse(j.honorTimestamps());
        assertEquals(1000, j.sampleLimit());
        assertEquals(30, j.labelLimit());
        assertEquals(10L * 1024 * 1024, j.bodySizeLimit());
        assertEquals("/etc/ca.pem", j.tls().caFile());
        assertEquals("scraper", j.auth().username());
        assertEquals(1, j.metricRelabelConfigs().size());
        ScrapeTarget t = targets(j).get(0);
        assertEquals("https://10.0.0.1:9100/probe?module=http_2xx&target=example.com&module=extra", t.url().toString());
        assertEquals(Map.of("job", "node", "instance", "10.0.0.1:9100", "rack", "r1", "host", "10.0.0.1"), t.labels());
    }

    @Test
    void crFormWithStaticEndpointsAndMonitors() throws Exception {
        AgentConfig c = load("""
                features:
                  openAgent:
                    enabled: true
                    globalInterval: "60s"
                    globalPath: "/metrics"
                    targets:
                      - targetName: db
                        type: StaticEndpoints
                        addresses: ["192.168.1.100:9100"]
                        labels: {environment: staging}
                        interval: 20s
                        metricSelector: [node_cpu_seconds_total]
                        tlsConfig:
                          insecureSkipVerify: true
                      - targetName: app
                        type: PodMonitor
                        namespaceSelector: {matchNames: [production]}
                        selector:
                          matchLabels: {app: my-app}
                          matchExpressions:
                            - {key: tier, operator: In, values: [web]}
                        endpoints:
                          - port: web-metrics
                            interval: 15s
                      - targetName: svc
                        type: ServiceMonitor
                        selector: {matchLabels: {service: backend}}
                        endpoints: [{port: 8080}]
                """);
        assertEquals("cr", c.form());
        JobConfig db = c.jobs().get(0);
        assertEquals("https", db.scheme(), "a TLS block means https when no scheme is given");
        assertEquals(Duration.ofSeconds(20), db.interval());
        ScrapeTarget t = targets(db).get(0);
        assertEquals("https://192.168.1.100:9100/metrics", t.url().toString());
        assertEquals("staging", t.labels().get("environment"));
        assertEquals(3, c.jobs().size(), "one job per monitor endpoint");
        JobConfig app = c.jobs().get(1);
        assertEquals("podMonitor/app/0", app.name());
        assertEquals(KubernetesSdConfig.Role.POD, app.kubernetesSd().get(0).role());
        assertEquals(List.of("production"), app.kubernetesSd().get(0).namespaces());
        assertEquals(Duration.ofSeconds(15), app.interval());
        assertEquals("app=my-app,tier=web", app.kubernetesSd().get(0).selector(KubernetesSdConfig.Role.POD).label().toString());
        JobConfig svc = c.jobs().get(2);
        assertEquals("serviceMonitor/svc/0", svc.name());
        assertEquals(KubernetesSdConfig.Role.ENDPOINTSLICE, svc.kubernetesSd().get(0).role());
        assertTrue(svc.kubernetesSd().get(0).ownNamespace(), "no namespaceSelector: the agent's own namespace");
    }

    @Test
    void disabledCrFeatureHasNoTargets() throws Exception {
        AgentConfig c = load("features:\n  openAgent:\n    enabled: false\n    targets:\n      - targetName: x\n        type: StaticEndpoints\n"
                + "        addresses: [h:1]\n");
        assertTrue(c.jobs().isEmpty());
    }

    @Test
    void problemsNameFileLineAndKeyPath() {
        List<String> p = problems("""
                scrape_configs:
                  - job_name: a
                    scrape_interval: 10s
                    scrape_timeout: 20s
                    static_configs:
                      - targets: [h:1]
                  - job_name: b
                    scrape_intervall: 10s
                    static_configs:
                      - targets: [h:2]
                        labels: {"bad-label": x}
                  - job_name: c
                    scheme: ftp
                    honor_labels: maybe
                    scrape_interval: 10 seconds
                """);
        assertTrue(p.contains("scrape_config.yaml:4: scrape_configs[0].scrape_timeout: timeout 20s is greater than the interval 10s"), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:8: scrape_configs[1].scrape_intervall: unknown key")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:11: scrape_configs[1].static_configs[0].labels:")
                && x.contains("bad-label")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:13: scrape_configs[2].scheme: scheme must be http or https")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:14: scrape_configs[2].honor_labels: expected true or false")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:15: scrape_configs[2].scrape_interval:")
                && x.contains("Prometheus syntax")), p.toString());
    }

    @Test
    void yamlSyntaxErrorsHaveALine() {
        List<String> p = problems("scrape_configs:\n  - job_name: a\n    static_configs: [\n");
        assertTrue(p.get(0).startsWith("scrape_config.yaml:"), p.toString());
        assertTrue(p.get(0).contains("YAML syntax error"), p.toString());
    }

    @Test
    void invalidRelabelConfigsAreRefusedWithTheirPlace() {
        List<String> p = problems("""
                scrape_configs:
                  - job_name: a
                    relabel_configs:
                      - action: hashmod
                        source_labels: [__address__]
                        target_label: shard
                      - regex: "(a)\\\\1"
                        target_label: x
                      - action: teleport
                    static_configs: [{targets: [h:1]}]
                """);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("scrape_config.yaml:4: scrape_configs[0].relabel_configs[0]: ") && x.contains("modulus")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.contains("relabel_configs[1]") && x.contains("backreferences")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.contains("relabel_configs[2]") && x.contains("unknown relabel action")), p.toString());
    }

    @Test
    void duplicateJobNamesAndMissingAddressesAreProblems() {
        List<String> p = problems("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [h:1]}]\n  - job_name: a\n"
                + "    static_configs: [{targets: [h:2]}]\n");
        assertTrue(p.stream().anyMatch(x -> x.contains("\"a\" is used twice")), p.toString());
        List<String> q = problems("features:\n  openAgent:\n    targets:\n      - targetName: x\n        type: StaticEndpoints\n");
        assertTrue(q.stream().anyMatch(x -> x.contains("at least one address")), q.toString());
        List<String> r = problems("features:\n  openAgent:\n    targets:\n      - targetName: x\n        type: Magic\n");
        assertTrue(r.stream().anyMatch(x -> x.contains("unknown target type \"Magic\"")), r.toString());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofDays(8), Durations.parse("1w1d"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1m1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("fast"));
    }

    @Test
    void theShippedExampleLoads() throws Exception {
        AgentConfig c = ScrapeConfigLoader.load(Path.of("config/scrape_config.yaml"));
        assertEquals(2, c.jobs().size());
    }
}
