package io.openagent.discovery;

import static io.openagent.discovery.K8s.Port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.openagent.config.AgentConfig;
import io.openagent.config.ConfigException;
import io.openagent.config.JobConfig;
import io.openagent.config.KubernetesSdConfig;
import io.openagent.config.ScrapeConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Prometheus kubernetes_sd_configs labels per role, and PodMonitor/ServiceMonitor resolution, on
 * cluster snapshots built in memory (the informer side is tested against the mock API server).
 */
class KubernetesTargetsTest {
    static final Pod WEB = K8s.pod("prod", "web-1", "10.1.0.5", "worker1", true, Map.of("app", "web", "app.kubernetes.io/part-of", "shop"),
            new Port("metrics", 9100), new Port("http", 8080));
    static final Pod WEB_NOT_READY = K8s.pod("prod", "web-2", "10.1.0.6", "worker2", false, Map.of("app", "web"), new Port("metrics", 9100));
    static final Pod NGINX_W1 = K8s.pod("default", "nginx-exporter-a", "10.1.1.1", "worker1", true, Map.of("app", "nginx-exporter"),
            new Port("metrics", 9113));
    static final Pod NGINX_W2 = K8s.pod("default", "nginx-exporter-b", "10.1.1.2", "worker2", true, Map.of("app", "nginx-exporter"),
            new Port("metrics", 9113));
    static final Pod OTHER_W1 = K8s.pod("default", "redis-exporter", "10.1.1.3", "worker1", true, Map.of("app", "redis-exporter"),
            new Port("metrics", 9121));

    static ClusterSnapshot cluster() {
        return new ClusterSnapshot(List.of(WEB, WEB_NOT_READY, NGINX_W1, NGINX_W2, OTHER_W1),
                List.of(K8s.service("prod", "web", Map.of("app", "web", "team", "shop"), "metrics", 80, 9100)),
                List.of(K8s.endpoints("prod", "web", "metrics", 9100, List.of(WEB), List.of(WEB_NOT_READY))),
                List.of(K8s.slice("prod", "web", "metrics", 9100, List.of(WEB, WEB_NOT_READY), List.of(true, false))),
                List.of(K8s.node("worker1", "192.168.0.11", Map.of("zone", "a")), K8s.node("worker2", "192.168.0.12", Map.of("zone", "b"))),
                List.of(K8s.namespace("prod", Map.of("monitoring", "on")), K8s.namespace("default", Map.of())));
    }

    static KubernetesSdConfig sd(KubernetesSdConfig.Role role) {
        return new KubernetesSdConfig(role, List.of(), false, null, Map.of(), false, null);
    }

    static List<Map<String, String>> discover(KubernetesSdConfig sd) {
        return KubernetesTargets.discover(sd, cluster(), "monitoring");
    }

    static Map<String, String> byAddress(List<Map<String, String>> sets, String address) {
        return sets.stream().filter(s -> address.equals(s.get("__address__"))).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in " + sets.stream().map(s -> s.get("__address__")).toList()));
    }

    @Test
    void podRoleGivesOneTargetPerContainerPortWithEveryDocumentedLabel() {
        List<Map<String, String>> sets = discover(sd(KubernetesSdConfig.Role.POD));
        assertEquals(6, sets.size(), "web-1 has two ports, the other four pods one each");
        Map<String, String> t = new TreeMap<>(byAddress(sets, "10.1.0.5:9100"));
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("__address__", "10.1.0.5:9100"),
                Map.entry("__meta_kubernetes_namespace", "prod"),
                Map.entry("__meta_kubernetes_pod_name", "web-1"),
                Map.entry("__meta_kubernetes_pod_ip", "10.1.0.5"),
                Map.entry("__meta_kubernetes_pod_host_ip", "10.0.0.1"),
                Map.entry("__meta_kubernetes_pod_phase", "Running"),
                Map.entry("__meta_kubernetes_pod_ready", "true"),
                Map.entry("__meta_kubernetes_pod_node_name", "worker1"),
                Map.entry("__meta_kubernetes_pod_uid", "uid-web-1"),
                Map.entry("__meta_kubernetes_pod_controller_kind", "ReplicaSet"),
                Map.entry("__meta_kubernetes_pod_controller_name", "web-1-rs"),
                Map.entry("__meta_kubernetes_pod_label_app", "web"),
                Map.entry("__meta_kubernetes_pod_labelpresent_app", "true"),
                Map.entry("__meta_kubernetes_pod_label_app_kubernetes_io_part_of", "shop"),
                Map.entry("__meta_kubernetes_pod_labelpresent_app_kubernetes_io_part_of", "true"),
                Map.entry("__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true"),
                Map.entry("__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape", "true"),
                Map.entry("__meta_kubernetes_pod_container_name", "main"),
                Map.entry("__meta_kubernetes_pod_container_image", "exporter:1"),
                Map.entry("__meta_kubernetes_pod_container_id", "containerd://abc"),
                Map.entry("__meta_kubernetes_pod_container_init", "false"),
                Map.entry("__meta_kubernetes_pod_container_port_name", "metrics"),
                Map.entry("__meta_kubernetes_pod_container_port_number", "9100"),
                Map.entry("__meta_kubernetes_pod_container_port_protocol", "TCP")));
        assertEquals(expected, t);
        assertEquals("false", byAddress(sets, "10.1.0.6:9100").get("__meta_kubernetes_pod_ready"));
    }

    @Test
    void containersWithoutPortsGiveOnePortlessTargetAndPodsWithoutIpNone() {
        Pod portless = K8s.pod("prod", "batch", "10.1.0.9", "worker1", true, Map.of());
        Pod pending = new PodBuilder(K8s.pod("prod", "pending", null, null, false, Map.of(), new Port("m", 1))).build();
        List<Map<String, String>> sets = KubernetesTargets.discover(sd(KubernetesSdConfig.Role.POD),
                new ClusterSnapshot(List.of(portless, pending), List.of(), List.of(), List.of(), List.of(), List.of()), "x");
        assertEquals(1, sets.size());
        assertEquals("10.1.0.9", sets.get(0).get("__address__"));
        assertFalse(sets.get(0).containsKey("__meta_kubernetes_pod_container_port_number"));
    }

    @Test
    void namespacesOwnNamespaceAndSelectorsNarrowTheObjects() {
        var inDefault = new KubernetesSdConfig(KubernetesSdConfig.Role.POD, List.of("default"), false, null, Map.of(), false, null);
        assertEquals(3, discover(inDefault).size());
        var own = new KubernetesSdConfig(KubernetesSdConfig.Role.POD, List.of(), true, null, Map.of(), false, null);
        assertEquals(0, discover(own).size(), "own namespace is monitoring: nothing there");
        assertEquals(3, KubernetesTargets.discover(own, cluster(), "default").size());
        var selected = new KubernetesSdConfig(KubernetesSdConfig.Role.POD, List.of(), false, null, Map.of(KubernetesSdConfig.Role.POD,
                new KubernetesSdConfig.Selector(LabelSelector.parse("app=nginx-exporter"), FieldSelector.parse("spec.nodeName=worker1", "pod"))),
                false, null);
        assertEquals(List.of("10.1.1.1:9113"), discover(selected).stream().map(s -> s.get("__address__")).toList());
        var labelled = new KubernetesSdConfig(KubernetesSdConfig.Role.POD, List.of(), false, LabelSelector.parse("monitoring=on"), Map.of(),
                false, null);
        assertEquals(3, discover(labelled).size(), "only namespace prod carries monitoring=on");
    }

    @Test
    void serviceRole() {
        List<Map<String, String>> sets = discover(sd(KubernetesSdConfig.Role.SERVICE));
        assertEquals(1, sets.size());
        Map<String, String> t = sets.get(0);
        assertEquals("web.prod.svc:80", t.get("__address__"));
        assertEquals("web", t.get("__meta_kubernetes_service_name"));
        assertEquals("10.96.0.10", t.get("__meta_kubernetes_service_cluster_ip"));
        assertEquals("ClusterIP", t.get("__meta_kubernetes_service_type"));
        assertEquals("metrics", t.get("__meta_kubernetes_service_port_name"));
        assertEquals("80", t.get("__meta_kubernetes_service_port_number"));
        assertEquals("TCP", t.get("__meta_kubernetes_service_port_protocol"));
        assertEquals("shop", t.get("__meta_kubernetes_service_label_team"));
        assertEquals("true", t.get("__meta_kubernetes_service_labelpresent_team"));
    }

    @Test
    void endpointsRoleCarriesEndpointServiceAndPodLabelsAndThePodsOtherPorts() {
        List<Map<String, String>> sets = discover(sd(KubernetesSdConfig.Role.ENDPOINTS));
        assertEquals(3, sets.size(), "two addresses of port metrics, plus web-1's other container port: " + sets);
        Map<String, String> ready = byAddress(sets, "10.1.0.5:9100");
        assertEquals("true", ready.get("__meta_kubernetes_endpoint_ready"));
        assertEquals("metrics", ready.get("__meta_kubernetes_endpoint_port_name"));
        assertEquals("TCP", ready.get("__meta_kubernetes_endpoint_port_protocol"));
        assertEquals("worker1", ready.get("__meta_kubernetes_endpoint_node_name"));
        assertEquals("Pod", ready.get("__meta_kubernetes_endpoint_address_target_kind"));
        assertEquals("web-1", ready.get("__meta_kubernetes_endpoint_address_target_name"));
        assertEquals("web", ready.get("__meta_kubernetes_endpoints_name"));
        assertEquals("web", ready.get("__meta_kubernetes_service_name"));
        assertEquals("web-1", ready.get("__meta_kubernetes_pod_name"));
        assertEquals("metrics", ready.get("__meta_kubernetes_pod_container_port_name"));
        assertEquals("false", byAddress(sets, "10.1.0.6:9100").get("__meta_kubernetes_endpoint_ready"));
        Map<String, String> other = byAddress(sets, "10.1.0.5:8080");
        assertEquals("http", other.get("__meta_kubernetes_pod_container_port_name"));
        assertFalse(other.containsKey("__meta_kubernetes_endpoint_port_name"), "not an endpoint port");
    }

    @Test
    void endpointSliceRole() {
        List<Map<String, String>> sets = discover(sd(KubernetesSdConfig.Role.ENDPOINTSLICE));
        assertEquals(3, sets.size());
        Map<String, String> t = byAddress(sets, "10.1.0.5:9100");
        assertEquals("web-abc", t.get("__meta_kubernetes_endpointslice_name"));
        assertEquals("IPv4", t.get("__meta_kubernetes_endpointslice_address_type"));
        assertEquals("9100", t.get("__meta_kubernetes_endpointslice_port"));
        assertEquals("metrics", t.get("__meta_kubernetes_endpointslice_port_name"));
        assertEquals("TCP", t.get("__meta_kubernetes_endpointslice_port_protocol"));
        assertEquals("true", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_ready"));
        assertEquals("true", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_serving"));
        assertEquals("false", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_terminating"));
        assertEquals("worker1", t.get("__meta_kubernetes_endpointslice_endpoint_node_name"));
        assertEquals("Pod", t.get("__meta_kubernetes_endpointslice_address_target_kind"));
        assertEquals("web-1", t.get("__meta_kubernetes_endpointslice_address_target_name"));
        assertEquals("web", t.get("__meta_kubernetes_endpointslice_label_kubernetes_io_service_name"));
        assertEquals("web", t.get("__meta_kubernetes_service_name"));
        assertEquals("web-1", t.get("__meta_kubernetes_pod_name"));
        assertEquals("false", byAddress(sets, "10.1.0.6:9100").get("__meta_kubernetes_endpointslice_endpoint_conditions_ready"));
    }

    @Test
    void nodeRoleAndAttachedNodeMetadata() {
        List<Map<String, String>> sets = discover(sd(KubernetesSdConfig.Role.NODE));
        Map<String, String> t = byAddress(sets, "192.168.0.11:10250");
        assertEquals("worker1", t.get("instance"));
        assertEquals("worker1", t.get("__meta_kubernetes_node_name"));
        assertEquals("aws:///worker1", t.get("__meta_kubernetes_node_provider_id"));
        assertEquals("a", t.get("__meta_kubernetes_node_label_zone"));
        assertEquals("192.168.0.11", t.get("__meta_kubernetes_node_address_InternalIP"));
        assertEquals("worker1", t.get("__meta_kubernetes_node_address_Hostname"));
        var attached = new KubernetesSdConfig(KubernetesSdConfig.Role.POD, List.of("prod"), false, null, Map.of(), true, null);
        assertEquals("a", byAddress(discover(attached), "10.1.0.5:9100").get("__meta_kubernetes_node_label_zone"));
    }

    @Test
    void ingressRoleGivesOneTargetPerPathWithSchemeFromTls() {
        var ingress = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder().withNewMetadata().withNamespace("prod").withName("shop")
                .withLabels(Map.of("team", "web")).withAnnotations(Map.of("kubernetes.io/ingress.class", "nginx")).endMetadata()
                .withNewSpec().addNewTl().withHosts("*.example.com").endTl()
                .addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/api").withPathType("Prefix").endPath()
                .addNewPath().withPathType("Prefix").endPath().endHttp().endRule()
                .addNewRule().withHost("plain.example.org").endRule().endSpec().build();
        List<Map<String, String>> sets = KubernetesTargets.discover(sd(KubernetesSdConfig.Role.INGRESS),
                new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(ingress)), "x");
        assertEquals(List.of("shop.example.com https /api", "shop.example.com https /", "plain.example.org http /"), sets.stream()
                .map(t -> t.get("__address__") + " " + t.get("__meta_kubernetes_ingress_scheme") + " " + t.get("__meta_kubernetes_ingress_path"))
                .toList());
        Map<String, String> t = sets.get(0);
        assertEquals("shop", t.get("__meta_kubernetes_ingress_name"));
        assertEquals("prod", t.get("__meta_kubernetes_namespace"));
        assertEquals("nginx", t.get("__meta_kubernetes_ingress_class_name"));
        assertEquals("web", t.get("__meta_kubernetes_ingress_label_team"));
        assertEquals("true", t.get("__meta_kubernetes_ingress_annotationpresent_kubernetes_io_ingress_class"));
        assertFalse(KubernetesTargets.hostMatches("*.example.com", "a.b.example.com"), "a wildcard covers one label");
    }

    // ---- whole jobs: configuration → discovery → relabeling → targets ----

    static List<ScrapeTarget> targets(String yaml) throws ConfigException {
        AgentConfig c = ScrapeConfigLoader.parse(yaml, "scrape_config.yaml");
        List<ScrapeTarget> out = new ArrayList<>();
        for (JobConfig job : c.jobs()) {
            for (KubernetesSdConfig sd : job.kubernetesSd()) {
                for (Map<String, String> labels : KubernetesTargets.discover(sd, cluster(), "prod")) {
                    TargetBuilder.Result r = TargetBuilder.build(job, labels);
                    if (r.kept()) {
                        out.add(r.target());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theSeedExampleKeepsNginxExporterPodsOnWorker1Port9113() throws Exception {
        List<ScrapeTarget> t = targets("""
                scrape_configs:
                  - job_name: 'my-metrics'
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
                """);
        assertEquals(1, t.size(), t.toString());
        assertEquals("http://10.1.1.1:9113/metrics", t.get(0).url().toString());
        assertEquals(Map.of("job", "my-metrics", "instance", "10.1.1.1:9113"), t.get(0).labels(), "__meta_* labels are removed");
    }

    @Test
    void podMonitorResolvesNamedPortsSkipsUnreadyPodsAndLabelsLikeTheOperator() throws Exception {
        List<ScrapeTarget> t = targets("""
                features:
                  openAgent:
                    targets:
                      - targetName: web-pods
                        type: PodMonitor
                        namespaceSelector: {matchNames: [prod]}
                        selector:
                          matchLabels: {app: web}
                        podTargetLabels: [app.kubernetes.io/part-of]
                        endpoints:
                          - port: metrics
                            path: /stats
                            interval: 15s
                            addNodeLabel: true
                """);
        assertEquals(1, t.size(), "web-2 is not ready; port http is not the endpoint's: " + t);
        ScrapeTarget w = t.get(0);
        assertEquals("http://10.1.0.5:9100/stats", w.url().toString(), "the named port resolved to the container port");
        assertEquals(new TreeMap<>(Map.of("job", "web-pods", "instance", "10.1.0.5:9100", "namespace", "prod", "pod", "web-1",
                "container", "main", "endpoint", "metrics", "node", "worker1", "app_kubernetes_io_part_of", "shop")), new TreeMap<>(w.labels()));
        assertEquals(java.time.Duration.ofSeconds(15), w.interval());
    }

    @Test
    void podMonitorPortNumbersJobLabelHttpsPortAndNamespaceLabels() throws Exception {
        Pod tls = K8s.pod("prod", "secure", "10.1.0.7", "worker1", true, Map.of("app", "secure", "team", "payments"), new Port("https", 8443));
        ClusterSnapshot c = new ClusterSnapshot(List.of(tls, WEB), List.of(), List.of(), List.of(), List.of(),
                List.of(K8s.namespace("prod", Map.of("monitoring", "on"))));
        AgentConfig cfg = ScrapeConfigLoader.parse("""
                features:
                  openAgent:
                    targets:
                      - targetName: secure
                        type: PodMonitor
                        namespaceSelector:
                          matchExpressions: [{key: monitoring, operator: In, values: ["on"]}]
                        selector: {matchExpressions: [{key: app, operator: In, values: [secure, web]}]}
                        jobLabel: team
                        endpoints:
                          - port: https
                            tlsConfig: {insecureSkipVerify: true}
                          - portNumber: 9100
                """, "s.yaml");
        List<String> urls = new ArrayList<>();
        Map<String, String> jobs = new TreeMap<>();
        for (JobConfig job : cfg.jobs()) {
            for (Map<String, String> l : KubernetesTargets.discover(job.kubernetesSd().get(0), c, "other")) {
                TargetBuilder.Result r = TargetBuilder.build(job, l);
                if (r.kept()) {
                    urls.add(r.target().url().toString());
                    jobs.put(r.target().url().toString(), r.target().labels().get("job"));
                }
            }
        }
        assertEquals(List.of("https://10.1.0.7:8443/metrics", "http://10.1.0.5:9100/metrics"), urls, "a port named https means https");
        assertEquals("payments", jobs.get("https://10.1.0.7:8443/metrics"), "jobLabel takes the pod's label");
        assertEquals("secure", jobs.get("http://10.1.0.5:9100/metrics"), "no such label: the monitor's name");
    }

    @Test
    void serviceMonitorKeepsReadyEndpointsOfSelectedServicesOnTheNamedPort() throws Exception {
        String yaml = """
                features:
                  openAgent:
                    targets:
                      - targetName: web-svc
                        type: ServiceMonitor
                        namespaceSelector: {any: true}
                        selector:
                          matchLabels: {app: web}
                          matchExpressions: [{key: team, operator: Exists}, {key: canary, operator: DoesNotExist}]
                        targetLabels: [team]
                        endpoints:
                          - port: metrics
                """;
        List<ScrapeTarget> t = targets(yaml);
        assertEquals(1, t.size(), t.toString());
        assertEquals("http://10.1.0.5:9100/metrics", t.get(0).url().toString());
        assertEquals(new TreeMap<>(Map.of("job", "web-svc", "instance", "10.1.0.5:9100", "namespace", "prod", "service", "web", "pod", "web-1",
                "container", "main", "endpoint", "metrics", "team", "shop")), new TreeMap<>(t.get(0).labels()));
        assertEquals(0, targets(yaml.replace("operator: Exists", "operator: DoesNotExist")).size(), "the service has team: not selected");
        assertEquals(0, targets(yaml.replace("port: metrics", "port: other")).size(), "no such port");
        assertEquals(1, targets(yaml.replace("port: metrics", "port: 9100")).size(), "a number is the endpoint's port");
        assertEquals(1, targets(yaml.replace("namespaceSelector: {any: true}", "serviceDiscoveryRole: Endpoints")
                .replace("targetName: web-svc", "targetName: web-svc\n        namespaceSelector: {matchNames: [prod]}")).size(),
                "the endpoints role gives the same target");
    }

    @Test
    void monitorProblemsNameTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> ScrapeConfigLoader.parse("""
                features:
                  openAgent:
                    targets:
                      - targetName: bad
                        type: PodMonitor
                        selector: {matchExpressions: [{key: app, operator: Equals, values: [x]}]}
                        endpoints:
                          - path: /metrics
                """, "scrape_config.yaml"));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("scrape_config.yaml:6") && all.contains("operator must be In, NotIn, Exists or DoesNotExist"), all);
        assertTrue(all.contains("scrape_config.yaml:8") && all.contains("port (a name or number), portNumber or targetPort is required"), all);
        ConfigException sd = assertThrows(ConfigException.class, () -> ScrapeConfigLoader.parse("""
                scrape_configs:
                  - job_name: k
                    kubernetes_sd_configs:
                      - role: pods
                      - role: endpoints
                        selectors: [{role: node, label: "a=b"}]
                      - role: pod
                        selectors: [{role: pod, field: "spec.color=blue"}]
                """, "p.yml"));
        String s = String.join("\n", sd.problems());
        assertTrue(s.contains("role must be pod, service, endpoints, endpointslice, node or ingress"), s);
        assertTrue(s.contains("a selector of role node cannot be used with role endpoints"), s);
        assertTrue(s.contains("field \"spec.color\" cannot select pod objects"), s);
    }

    @Test
    void sanitizedNames() {
        assertEquals("app_kubernetes_io_name", KubernetesTargets.sanitize("app.kubernetes.io/name"));
        assertEquals("[::1]:9100", KubernetesTargets.hostPort("::1", 9100));
        assertEquals(List.of("a"), List.of("a").stream().collect(Collectors.toList()));
    }
}
