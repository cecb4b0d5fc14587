package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.openagent.discovery.K8s;
import io.openagent.wire.Pack;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against fabric8's mock API server in CRUD mode with watches: objects that exist before
 * start are found, created/changed/deleted pods and label changes move the target set, an API server
 * restart (the watch breaks, the informers list again) converges on the new state, Secret credentials
 * reach only their target, and two shards split the discovered targets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesDiscoveryTest {
    @TempDir
    Path dir;

    /**
     * The CRUD API server, able to answer the next watches with 410 Gone as a real API server does
     * when a watch's resourceVersion is too old (compacted, or from before a restart).
     */
    static final class ExpiringDispatcher extends KubernetesCrudDispatcher {
        final java.util.concurrent.atomic.AtomicInteger expireNext = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger expired = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public io.fabric8.mockwebserver.http.MockResponse handleWatch(String path) {
            if (expireNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                expired.incrementAndGet();
                // what an API server sends for a too old resourceVersion: an ERROR event carrying Status 410 Expired
                return new io.fabric8.mockwebserver.http.MockResponse().withWebSocketUpgrade(new io.fabric8.mockwebserver.http.WebSocketListener() {
                    @Override
                    public void onOpen(io.fabric8.mockwebserver.http.WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
                        ws.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                + "\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}");
                        ws.close(1000, "expired");
                    }
                });
            }
            return super.handleWatch(path);
        }
    }

    private ExpiringDispatcher dispatcher;
    private KubernetesMockServer api;
    private KubernetesClient kube;
    private int apiPort;

    @BeforeEach
    void startApiServer() throws Exception {
        startApi(0, 0);
    }

    private void startApi(int port, int expireWatches) throws Exception {
        dispatcher = new ExpiringDispatcher();
        dispatcher.expireNext.set(expireWatches);
        api = new KubernetesMockServer(new Context(), new io.fabric8.mockwebserver.MockWebServer(), new HashMap<>(), dispatcher, false);
        api.init(InetAddress.getByName("127.0.0.1"), port);
        apiPort = api.getPort();
        kube = api.createClient();
    }

    @AfterEach
    void stopApiServer() {
        kube.close();
        api.destroy();
    }

    private Path kubeconfig() throws IOException {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "http://127.0.0.1:%d"}
                users:
                  - name: agent
                    user: {token: test-token}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: agent, namespace: monitoring}
                current-context: mock
                """.formatted(apiPort));
        return f;
    }

    private AgentHarness agent(String name, String scrapeConfig, String whatapConf) throws Exception {
        System.setProperty("KUBECONFIG", kubeconfig().toString());
        System.setProperty("POD_NAMESPACE", "monitoring");
        Path home = Files.createDirectories(dir.resolve(name));
        return new AgentHarness(home, scrapeConfig, whatapConf);
    }

    /** A port ending in 9113 (9113, 19113, ...): the seed example keeps container ports matching (.*)9113. */
    private static TestTargets exporterOn9113() throws IOException {
        for (int p = 9113; p < 65536; p += 10000) {
            try {
                return new TestTargets("127.0.0.1", p);
            } catch (BindException busy) {
                // try the next one
            }
        }
        throw new IOException("no free port ending in 9113");
    }

    private void create(Pod p) {
        kube.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
    }

    private static Set<String> targetsOf(AgentHarness a, String job) {
        return a.agent().targets().stream().filter(t -> t.target().jobName().equals(job))
                .map(t -> t.target().url() + " " + new java.util.TreeMap<>(t.target().labels())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> pods(AgentHarness a, String job) {
        return a.agent().targets().stream().filter(t -> t.target().jobName().equals(job)).map(t -> t.target().labels().get("pod"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static final String CONFIG = """
            scrape_configs:
              - job_name: 'my-metrics'
                scrape_interval: 1s
                scrape_timeout: 1s
                kubernetes_sd_configs:
                  - role: pod
                relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_node_name]
                    action: keep
                    regex: worker1
                  - source_labels: [__meta_kubernetes_pod_label_app]
                    action: keep
                    regex: nginx-exporter
                  - source_labels: [__meta_kubernetes_pod_container_port_number]
                    action: keep
                    regex: '(.*)9113'
            features:
              openAgent:
                globalInterval: 1s
                globalTimeout: 1s
                targets:
                  - targetName: web-pods
                    type: PodMonitor
                    namespaceSelector: {matchNames: [prod]}
                    selector: {matchLabels: {app: web}}
                    endpoints:
                      - port: metrics
                        path: /pod-metrics
                  - targetName: web-svc
                    type: ServiceMonitor
                    namespaceSelector: {matchNames: [prod]}
                    selector: {matchLabels: {app: web}}
                    endpoints:
                      - port: metrics
                        path: /svc-metrics
                        basicAuth:
                          username: {name: web-scrape, key: user}
                          password: {name: web-scrape, key: pass}
            """;

    @Test
    void watchedObjectsDriveTheTargetsAndTheSamples() throws Exception {
        try (TestTargets nginx = exporterOn9113(); TestTargets web = new TestTargets()) {
            nginx.serve("/metrics", "nginx_connections_active 3\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            web.serve("/pod-metrics", "web_requests_total 7\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            web.serve("/svc-metrics", "web_sessions 2\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            int nginxPort = nginx.port();
            int webPort = web.port();
            // Objects that exist before the agent starts.
            create(K8s.pod("default", "nginx-exporter-a", "127.0.0.1", "worker1", true, Map.of("app", "nginx-exporter"),
                    new K8s.Port("metrics", nginxPort)));
            create(K8s.pod("default", "nginx-exporter-b", "127.0.0.2", "worker2", true, Map.of("app", "nginx-exporter"),
                    new K8s.Port("metrics", nginxPort)));
            create(K8s.pod("default", "redis-exporter", "127.0.0.3", "worker1", true, Map.of("app", "redis"), new K8s.Port("metrics", 9121)));
            Pod web1 = K8s.pod("prod", "web-1", "127.0.0.1", "worker1", true, Map.of("app", "web"), new K8s.Port("metrics", webPort));
            Pod web2 = K8s.pod("prod", "web-2", "127.0.0.1", "worker2", false, Map.of("app", "web"), new K8s.Port("metrics", webPort));
            create(web1);
            create(web2);
            kube.services().inNamespace("prod").resource(K8s.service("prod", "web", Map.of("app", "web"), "metrics", 80, webPort)).create();
            kube.discovery().v1().endpointSlices().inNamespace("prod")
                    .resource(K8s.slice("prod", "web", "metrics", webPort, List.of(web1, web2), List.of(true, false))).create();
            kube.secrets().inNamespace("monitoring").resource(new SecretBuilder().withNewMetadata().withName("web-scrape").endMetadata()
                    .addToData("user", b64("scraper")).addToData("pass", b64("s3cret")).build()).create();

            try (AgentHarness a = agent("a", CONFIG, "")) {
                String nginxTarget = "http://127.0.0.1:" + nginxPort + "/metrics {instance=127.0.0.1:" + nginxPort + ", job=my-metrics}";
                assertTrue(AgentHarness.await(() -> targetsOf(a, "my-metrics").equals(Set.of(nginxTarget)), 15_000),
                        () -> "the seed example: only nginx-exporter on worker1 at a port ending in 9113; got " + targetsOf(a, "my-metrics")
                                + " dropped " + a.agent().droppedTargets().size());
                assertTrue(AgentHarness.await(() -> pods(a, "podMonitor/web-pods/0").equals(Set.of("web-1")), 10_000),
                        () -> "web-2 is not ready: " + targetsOf(a, "podMonitor/web-pods/0"));
                assertTrue(AgentHarness.await(() -> pods(a, "serviceMonitor/web-svc/0").equals(Set.of("web-1")), 10_000),
                        () -> "only the ready endpoint: " + targetsOf(a, "serviceMonitor/web-svc/0"));

                // The scrapes happen and the samples carry the operator's labels.
                assertTrue(AgentHarness.await(() -> record(a, "nginx_connections_active") != null && record(a, "web_requests_total") != null
                        && record(a, "web_sessions") != null, 15_000), "samples of all three jobs arrive");
                assertEquals(Map.of("job", "my-metrics", "instance", "127.0.0.1:" + nginxPort), record(a, "nginx_connections_active").labels());
                assertEquals(Map.of("job", "web-pods", "instance", "127.0.0.1:" + webPort, "namespace", "prod", "pod", "web-1", "container",
                        "main", "endpoint", "metrics"), record(a, "web_requests_total").labels());
                assertEquals(Map.of("job", "web-svc", "instance", "127.0.0.1:" + webPort, "namespace", "prod", "pod", "web-1", "container",
                        "main", "endpoint", "metrics", "service", "web"), record(a, "web_sessions").labels());
                assertEquals("Basic " + Base64.getEncoder().encodeToString("scraper:s3cret".getBytes(StandardCharsets.UTF_8)),
                        web.lastAuthorization.get("/svc-metrics"), "the Secret's credentials go to the ServiceMonitor's target");
                assertEquals("", web.lastAuthorization.get("/pod-metrics"), "and to no other target");
                assertEquals("", nginx.lastAuthorization.get("/metrics"));

                // Changes: a pod becomes ready, a label changes, a pod is deleted, a pod is created.
                kube.pods().inNamespace("prod").resource(new PodBuilder(web2).editStatus().editFirstCondition().withStatus("True")
                        .endCondition().endStatus().build()).updateStatus();
                assertTrue(AgentHarness.await(() -> pods(a, "podMonitor/web-pods/0").equals(Set.of("web-1", "web-2")), 10_000),
                        () -> "web-2 became ready: " + targetsOf(a, "podMonitor/web-pods/0"));
                // A change that leaves the target's URL, labels and settings alone (an annotation: a discovered label) keeps its route.
                java.util.function.Supplier<TargetState> web1Target = () -> a.agent().targets().stream()
                        .filter(t -> t.target().jobName().equals("podMonitor/web-pods/0") && "web-1".equals(t.target().labels().get("pod")))
                        .findFirst().orElse(null);
                String web1Route = web1Target.get().routeId;
                long web1Scrapes = web1Target.get().scrapesOk();
                kube.pods().inNamespace("prod").withName("web-1").edit(p -> new PodBuilder(p).editMetadata()
                        .addToAnnotations("note", "tuned").endMetadata().build());
                assertTrue(AgentHarness.await(() -> "tuned".equals(web1Target.get().target().discoveredLabels().get("__meta_kubernetes_pod_annotation_note")),
                        10_000), "the annotation is discovered");
                assertEquals(web1Route, web1Target.get().routeId, "and the target kept its route");
                assertTrue(web1Target.get().scrapesOk() >= web1Scrapes, "and its counters");
                kube.pods().inNamespace("default").withName("nginx-exporter-a").edit(p -> new PodBuilder(p).editMetadata()
                        .addToLabels("app", "something-else").endMetadata().build());
                assertTrue(AgentHarness.await(() -> targetsOf(a, "my-metrics").isEmpty(), 10_000), "a label change drops the target");
                kube.pods().inNamespace("prod").withName("web-1").delete();
                assertTrue(AgentHarness.await(() -> pods(a, "podMonitor/web-pods/0").equals(Set.of("web-2")), 10_000),
                        () -> "a deleted pod's target goes: " + targetsOf(a, "podMonitor/web-pods/0"));
                create(K8s.pod("default", "nginx-exporter-c", "127.0.0.1", "worker1", true, Map.of("app", "nginx-exporter"),
                        new K8s.Port("metrics", nginxPort)));
                assertTrue(AgentHarness.await(() -> targetsOf(a, "my-metrics").equals(Set.of(nginxTarget)), 10_000), "a created pod is found");

                // The API server restarts with other objects and refuses the old watches as expired (410 Gone): the informers
                // list again, so objects deleted meanwhile go and new ones come.
                kube.close();
                api.destroy();
                startApi(apiPort, 3); // the watches of pods, services, endpointslices
                create(K8s.pod("prod", "web-9", "127.0.0.1", "worker1", true, Map.of("app", "web"), new K8s.Port("metrics", webPort)));
                assertTrue(AgentHarness.await(() -> pods(a, "podMonitor/web-pods/0").equals(Set.of("web-9")), 30_000),
                        () -> "after the restart the informers list again: " + targetsOf(a, "podMonitor/web-pods/0"));
                assertTrue(AgentHarness.await(() -> targetsOf(a, "my-metrics").isEmpty(), 10_000), "nginx pods are gone from the new server");
                assertTrue(dispatcher.expired.get() > 0, "the watches were expired");
                assertTrue(a.agent().targets().stream().noneMatch(t -> t.target().labels().containsKey("__meta_kubernetes_namespace")));
            }
        }
    }

    private static Pack.OpenMxRecord record(AgentHarness a, String metric) {
        return a.collector.openMxRecords().stream().filter(r -> r.metric().equals(metric)).findFirst().orElse(null);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoShardsSplitTheDiscoveredTargetsAndRebalance() throws Exception {
        for (int i = 1; i <= 20; i++) {
            // Nothing listens there: this test is about which replica owns which target.
            create(K8s.pod("prod", "app-" + i, "127.0.0.1", "worker1", true, Map.of("app", "sharded"), new K8s.Port("metrics", 20_000 + i)));
        }
        String config = """
                scrape_configs:
                  - job_name: sharded
                    scrape_interval: 5s
                    scrape_timeout: 1s
                    kubernetes_sd_configs:
                      - role: pod
                        namespaces: {names: [prod]}
                        selectors: [{role: pod, label: "app=sharded"}]
                """;
        try (AgentHarness a = agent("s0", config, "shard_count=2\nshard_index=0\nwhatap.oname=shard-a\n");
             AgentHarness b = agent("s1", config, "shard_count=2\nshard_index=1\nwhatap.oname=shard-b\n")) {
            assertTrue(AgentHarness.await(() -> owned(a).size() + owned(b).size() == 20, 15_000),
                    () -> "a " + owned(a).size() + ", b " + owned(b).size());
            Set<String> s0 = owned(a);
            Set<String> s1 = owned(b);
            Set<String> overlap = new HashSet<>(s0);
            overlap.retainAll(s1);
            assertTrue(overlap.isEmpty(), "disjoint: " + overlap);
            assertTrue(!s0.isEmpty() && !s1.isEmpty(), "both replicas work: " + s0 + " " + s1);
            for (int i = 21; i <= 25; i++) {
                create(K8s.pod("prod", "app-" + i, "127.0.0.1", "worker1", true, Map.of("app", "sharded"), new K8s.Port("metrics", 20_000 + i)));
            }
            assertTrue(AgentHarness.await(() -> owned(a).size() + owned(b).size() == 25, 10_000), "new pods are taken by one replica each");
            assertTrue(owned(a).containsAll(s0) && owned(b).containsAll(s1), "existing targets keep their replica");
            for (int i = 1; i <= 10; i++) {
                kube.pods().inNamespace("prod").withName("app-" + i).delete();
            }
            assertTrue(AgentHarness.await(() -> owned(a).size() + owned(b).size() == 15, 10_000), "deleted pods leave their replica");
            Set<String> left = new HashSet<>(owned(a));
            left.retainAll(owned(b));
            assertTrue(left.isEmpty());
        }
    }

    @Test
    void theServiceAccountTokenNeverGoesOverPlainHttp() throws Exception {
        try (TestTargets t = new TestTargets()) {
            t.serve("/metrics", "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String config = """
                    scrape_configs:
                      - job_name: kubelet-like
                        scrape_interval: 1s
                        scrape_timeout: 1s
                        authorization: {credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token}
                        static_configs: [{targets: ["%s"]}]
                      - job_name: plain
                        scrape_interval: 1s
                        scrape_timeout: 1s
                        static_configs: [{targets: ["%s"]}]
                    """.formatted(t.address(), t.address());
            try (AgentHarness a = agent("token", config, "")) {
                assertTrue(AgentHarness.await(() -> a.target("kubelet-like") != null && a.target("kubelet-like").lastError != null
                        && a.target("plain") != null && a.target("plain").scrapesOk.get() > 0, 10_000));
                assertTrue(a.target("kubelet-like").lastError.contains("service-account token is only sent over https"),
                        a.target("kubelet-like").lastError);
                assertEquals("", t.lastAuthorization.get("/metrics"), "the scrapes that happened carried no token");
            }
        }
    }

    private static Set<String> owned(AgentHarness a) {
        return a.agent().targets().stream().map(t -> t.target().url().getRawAuthority()).collect(Collectors.toSet());
    }
}
