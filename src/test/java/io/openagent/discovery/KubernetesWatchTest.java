package io.openagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.config.AgentConfig;
import io.openagent.config.KubernetesSdConfig;
import io.openagent.config.ScrapeConfigLoader;
import io.openagent.discovery.KubernetesWatch.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kinds a configuration makes the agent watch, and how it finds (or cannot find) a cluster. */
class KubernetesWatchTest {
    @TempDir
    Path home;

    @Test
    void onlyTheKindsTheRolesNeedAreWatched() throws Exception {
        AgentConfig c = ScrapeConfigLoader.parse("""
                scrape_configs:
                  - job_name: pods
                    kubernetes_sd_configs:
                      - role: pod
                        namespaces: {names: [a, b], own_namespace: true}
                        selectors: [{role: pod, label: "app=x", field: "spec.nodeName=worker1"}]
                        attach_metadata: {node: true}
                  - job_name: slices
                    kubernetes_sd_configs: [{role: endpointslice}]
                  - job_name: services
                    kubernetes_sd_configs: [{role: service}]
                  - job_name: nodes
                    kubernetes_sd_configs: [{role: node, kubeconfig_file: /etc/other.kubeconfig}]
                  - job_name: ingresses
                    kubernetes_sd_configs: [{role: ingress, attach_metadata: {node: true}}]
                """, "k.yml");
        KubernetesSdConfig pods = c.jobs().get(0).kubernetesSd().get(0);
        assertEquals(List.of("a", "b"), pods.namespaces());
        assertTrue(pods.ownNamespace() && pods.attachNodeMetadata());
        assertEquals("app=x", pods.selector(KubernetesSdConfig.Role.POD).label().toString());
        assertEquals(EnumSet.of(Kind.PODS, Kind.NODES), KubernetesWatch.kindsFor(pods));
        assertEquals(EnumSet.of(Kind.ENDPOINTSLICES, Kind.PODS, Kind.SERVICES), KubernetesWatch.kindsFor(c.jobs().get(1).kubernetesSd().get(0)));
        assertEquals(EnumSet.of(Kind.SERVICES), KubernetesWatch.kindsFor(c.jobs().get(2).kubernetesSd().get(0)));
        assertEquals("/etc/other.kubeconfig", c.jobs().get(3).kubernetesSd().get(0).kubeconfigFile());
        assertEquals(EnumSet.of(Kind.INGRESSES), KubernetesWatch.kindsFor(c.jobs().get(4).kubernetesSd().get(0)));
        AgentConfig monitor = ScrapeConfigLoader.parse("""
                features:
                  openAgent:
                    targets:
                      - targetName: m
                        type: PodMonitor
                        namespaceSelector: {matchLabels: {team: a}}
                        selector: {}
                        endpoints: [{port: metrics}]
                """, "m.yml");
        assertEquals(EnumSet.of(Kind.PODS, Kind.NAMESPACES), KubernetesWatch.kindsFor(monitor.jobs().get(0).kubernetesSd().get(0)),
                "namespace labels need the namespaces");
    }

    @Test
    void aClusterIsFoundInClusterThenKubeconfigThenHomeElseTheReasonIsGiven() throws Exception {
        String problem = KubernetesWatch.connectionProblem(Map.of("HOME", home.toString())::get);
        assertTrue(problem.contains("KUBECONFIG is not set") && problem.contains(home.resolve(".kube/config").toString()), problem);
        assertNull(KubernetesWatch.connectionProblem(Map.of("HOME", home.toString(), "KUBECONFIG", "/x/config")::get));
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");
        assertNull(KubernetesWatch.connectionProblem(Map.of("HOME", home.toString())::get));
        assertEquals("team-a", KubernetesWatch.ownNamespace(Map.of("POD_NAMESPACE", "team-a")::get, null));
    }
}
