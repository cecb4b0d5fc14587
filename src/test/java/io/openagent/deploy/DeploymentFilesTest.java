package io.openagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openagent.config.ScrapeConfigLoader;
import io.openagent.config.WhatapConf;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and the Kubernetes manifests cannot be run here (no Docker engine, no cluster),
 * so they are parsed and checked for agreement with each other and with the application.
 */
class DeploymentFilesTest {

    private static List<HasMetadata> load(String file) throws Exception {
        List<HasMetadata> out = new ArrayList<>();
        String text = Files.readString(Path.of("k8s", file));
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                continue;
            }
            try (InputStream in = new java.io.ByteArrayInputStream(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                Object o = Serialization.unmarshal(in);
                if (o instanceof KubernetesList l) {
                    out.addAll(l.getItems());
                } else {
                    out.add((HasMetadata) o);
                }
            }
        }
        return out;
    }

    private static <T> T one(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast).filter(x -> ((HasMetadata) x).getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    @Test
    void manifestsAgreeWithEachOtherAndWithTheApplication() throws Exception {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(load("namespace.yaml"));
        all.addAll(load("rbac.yaml"));
        all.addAll(load("deployment.yaml"));
        String ns = one(all, Namespace.class, "whatap-monitoring").getMetadata().getName();
        for (HasMetadata m : all) {
            if (!(m instanceof Namespace) && !(m instanceof ClusterRole) && !(m instanceof ClusterRoleBinding)) {
                assertEquals(ns, m.getMetadata().getNamespace(), m.getKind() + " " + m.getMetadata().getName());
            }
        }
        ServiceAccount sa = one(all, ServiceAccount.class, "whatap-open-agent-sa");
        ClusterRoleBinding binding = one(all, ClusterRoleBinding.class, "whatap-open-agent-binding");
        assertEquals("whatap-open-agent-role", binding.getRoleRef().getName());
        one(all, ClusterRole.class, binding.getRoleRef().getName());
        assertEquals(sa.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(ns, binding.getSubjects().get(0).getNamespace());
        ClusterRole role = one(all, ClusterRole.class, "whatap-open-agent-role");
        assertTrue(role.getRules().stream().allMatch(r -> r.getVerbs().stream().allMatch(v -> List.of("get", "list", "watch").contains(v))),
                "read-only");
        assertFalse(role.getRules().stream().anyMatch(r -> r.getResources().contains("secrets")), "no secrets by default");
        java.util.Set<String> granted = new java.util.TreeSet<>();
        role.getRules().forEach(r -> granted.addAll(r.getResources()));
        java.util.Set<String> watched = new java.util.TreeSet<>();
        for (io.openagent.discovery.KubernetesWatch.Kind k : io.openagent.discovery.KubernetesWatch.Kind.values()) {
            watched.add(k.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertEquals(watched, granted, "exactly the kinds discovery watches");
        List<HasMetadata> secretRbac = load("rbac-secrets.yaml");
        var secretRole = one(secretRbac, io.fabric8.kubernetes.api.model.rbac.Role.class, "whatap-open-agent-scrape-secrets");
        assertTrue(secretRole.getRules().stream().allMatch(r -> r.getVerbs().equals(List.of("get")) && r.getResources().equals(List.of("secrets"))
                && !r.getResourceNames().isEmpty()), "the optional Secret access is get, by name");
        var secretBinding = one(secretRbac, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, "whatap-open-agent-scrape-secrets");
        assertEquals(sa.getMetadata().getName(), secretBinding.getSubjects().get(0).getName());

        Deployment d = one(all, Deployment.class, "whatap-open-agent");
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(sa.getMetadata().getName(), pod.getServiceAccountName());
        assertEquals(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        Container c = pod.getContainers().get(0);
        assertEquals(List.of("foreground"), c.getArgs());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        int port = c.getPorts().get(0).getContainerPort();
        assertEquals(9464, port, "the application's default management port");
        assertEquals("/observe/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/observe/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(c.getPorts().get(0).getName(), c.getLivenessProbe().getHttpGet().getPort().getStrVal());
        String secretScript = Files.readString(Path.of("k8s/create-whatap-secret.sh"));
        for (String env : List.of("WHATAP_LICENSE", "WHATAP_HOST", "WHATAP_PORT")) {
            EnvVar e = c.getEnv().stream().filter(x -> x.getName().equals(env)).findFirst().orElseThrow();
            assertEquals("whatap-credentials", e.getValueFrom().getSecretKeyRef().getName());
            assertTrue(secretScript.contains("--from-literal=" + e.getValueFrom().getSecretKeyRef().getKey() + "="),
                    "the secret script creates key " + e.getValueFrom().getSecretKeyRef().getKey());
            assertTrue(secretScript.contains("secret generic whatap-credentials"));
        }
        String home = c.getEnv().stream().filter(x -> x.getName().equals("WHATAP_HOME")).findFirst().orElseThrow().getValue();
        String spool = c.getEnv().stream().filter(x -> x.getName().equals("spool_dir")).findFirst().orElseThrow().getValue();
        List<String> mounts = c.getVolumeMounts().stream().map(VolumeMount::getMountPath).collect(Collectors.toList());
        String logs = c.getEnv().stream().filter(x -> x.getName().equals("log_dir")).findFirst().orElseThrow().getValue();
        assertTrue(mounts.contains(home) && mounts.contains(spool) && mounts.contains(logs) && mounts.contains("/tmp"),
                "home, spool, logs and /tmp are mounted: " + mounts);
        VolumeMount spoolMount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(spool)).findFirst().orElseThrow();
        assertFalse(Boolean.TRUE.equals(spoolMount.getReadOnly()), "the spool is writable");
        var conf = pod.getVolumes().stream().filter(v -> v.getName().equals("conf")).findFirst().orElseThrow();
        List<String> projected = new ArrayList<>();
        conf.getProjected().getSources().forEach(s -> {
            one(all, ConfigMap.class, s.getConfigMap().getName());
            s.getConfigMap().getItems().forEach(i -> projected.add(i.getPath()));
        });
        assertEquals(List.of("whatap.conf", "scrape_config.yaml"), projected, "WHATAP_HOME holds both files");

        ConfigMap whatap = one(all, ConfigMap.class, "whatap-conf-config");
        assertTrue(whatap.getData().get("whatap.conf").contains("# debug=true"), "the commented debug line");
        assertTrue(WhatapConf.parse(whatap.getData().get("whatap.conf")).isEmpty(), "nothing set by default");
        ConfigMap scrape = one(all, ConfigMap.class, "whatap-open-agent-config");
        assertNotNull(ScrapeConfigLoader.parse(scrape.getData().get("scrape_config.yaml"), "whatap-open-agent-config"), "it loads");
    }

    @Test
    void dockerfileRunsTheWorkerAsNonRootWithAppHome() throws Exception {
        String df = Files.readString(Path.of("Dockerfile"));
        assertTrue(df.matches("(?s).*FROM maven:[^\\n]*AS build.*FROM eclipse-temurin:17-jre.*"), "multi-stage: Maven build, JRE 17 runtime");
        assertTrue(df.contains("ENV WHATAP_HOME=/app"));
        assertTrue(df.contains("USER 10001:10001"));
        assertTrue(df.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/openagent/openagent.jar\"]"));
        assertTrue(df.contains("CMD [\"foreground\"]"));
        assertTrue(df.contains("HEALTHCHECK"));
        assertTrue(df.contains("EXPOSE 9464"));
        for (String copied : List.of("config/whatap.conf", "config/scrape_config.yaml", "pom.xml", "src", "routes")) {
            assertTrue(Files.exists(Path.of(copied)), "the Dockerfile copies " + copied);
        }
        String script = Files.readString(Path.of("build-docker.sh"));
        for (String option : List.of("--arch", "--tag", "--registry", "--push", "--help", "buildx", "amd64", "arm64")) {
            assertTrue(script.contains(option), "build-docker.sh handles " + option);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void camelKIntegrationRunsEveryRouteWithTheProjectJar() throws Exception {
        java.util.Map<String, Object> it = (java.util.Map<String, Object>) new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(Files.readString(Path.of("k8s/camel-k/openagent-integration.yaml")));
        assertEquals("camel.apache.org/v1", it.get("apiVersion"));
        assertEquals("Integration", it.get("kind"));
        java.util.Map<String, Object> spec = (java.util.Map<String, Object>) it.get("spec");
        assertTrue(((List<String>) spec.get("dependencies")).get(0).startsWith("mvn:io.openagent:openagent:"));
        List<String> sources = ((List<java.util.Map<String, Object>>) spec.get("sources")).stream().map(m -> (String) m.get("name")).toList();
        List<String> routes;
        try (var files = Files.list(Path.of("routes"))) {
            routes = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(routes, sources.stream().sorted().toList(), "every route file is a source of the Integration");
        String text = Files.readString(Path.of("k8s/camel-k/openagent-integration.yaml"));
        assertTrue(text.contains("secretKeyRef: {name: whatap-credentials, key: license}"));
        assertTrue(text.contains("whatap-open-agent-config/scrape_config.yaml"));
    }

    @Test
    void theShardedStatefulSetAgreesWithItsServiceAndItsShardCount() throws Exception {
        List<HasMetadata> all = new ArrayList<>(load("statefulset.yaml"));
        io.fabric8.kubernetes.api.model.apps.StatefulSet set = one(all, io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "whatap-open-agent");
        io.fabric8.kubernetes.api.model.Service svc = one(all, io.fabric8.kubernetes.api.model.Service.class, set.getSpec().getServiceName());
        assertEquals(svc.getSpec().getSelector(), set.getSpec().getTemplate().getMetadata().getLabels());
        Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        String shards = c.getEnv().stream().filter(e -> e.getName().equals("shard_count")).findFirst().orElseThrow().getValue();
        assertEquals(set.getSpec().getReplicas(), Integer.valueOf(shards), "shard_count equals replicas");
        assertEquals("metadata.name", c.getEnv().stream().filter(e -> e.getName().equals("POD_NAME")).findFirst().orElseThrow()
                .getValueFrom().getFieldRef().getFieldPath(), "the ordinal comes from the pod name");
        assertEquals("whatap-open-agent-sa", set.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals("spool", set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName(), "a durable spool per replica");
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("spool") && m.getMountPath().equals("/app/spool")));
        io.openagent.discovery.Sharding s0 = io.openagent.discovery.Sharding.from(java.util.Map.of("shard_count", shards)::get,
                java.util.Map.of("POD_NAME", set.getMetadata().getName() + "-0")::get);
        assertEquals(0, s0.index());
    }
}
