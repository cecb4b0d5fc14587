package io.openagent.config;

import io.openagent.discovery.LabelSelector;
import io.openagent.discovery.RelabelConfig;
import io.openagent.discovery.RelabelConfig.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a PodMonitor or ServiceMonitor of the CR form into scrape jobs the way the Prometheus
 * Operator turns its CRs into {@code scrape_configs}: one job per endpoint, Kubernetes discovery of
 * role pod (PodMonitor) or endpointslice/endpoints (ServiceMonitor) in the selected namespaces, the
 * selector applied to pods or services, and generated relabeling that keeps the endpoint's port on
 * ready objects and gives samples the operator's labels (namespace, pod, container, service,
 * endpoint, job). The user's relabelings run after the generated ones.
 */
final class MonitorJobs {
    private MonitorJobs() {
    }

    static List<JobConfig> of(ScrapeConfigLoader l, YamlTree.At t, Map<String, YamlTree.At> tm, String name, boolean podMonitor,
                              ScrapeConfigLoader.Defaults cr) {
        YamlTree y = l.y;
        y.allowOnly(t, tm, "targetName", "type", "enabled", "namespaceSelector", "selector", "endpoints", "podMetricsEndpoints", "jobLabel",
                "podTargetLabels", "targetLabels", "sampleLimit", "labelLimit", "bodySizeLimit", "relabelConfigs", "metricRelabelConfigs",
                "serviceDiscoveryRole", "attachMetadata");
        String kind = podMonitor ? "PodMonitor" : "ServiceMonitor";
        // namespaceSelector: any | matchNames | matchLabels/matchExpressions; none = the agent's own namespace
        List<String> names = new ArrayList<>();
        boolean any = false;
        LabelSelector nsLabels = null;
        YamlTree.At ns = tm.get("namespaceSelector");
        if (ns != null) {
            Map<String, YamlTree.At> nm = y.map(ns);
            y.allowOnly(ns, nm, "any", "matchNames", "matchLabels", "matchExpressions");
            any = l.bool(nm.get("any"), false);
            names.addAll(y.strings(nm.get("matchNames")));
            if (nm.containsKey("matchLabels") || nm.containsKey("matchExpressions")) {
                nsLabels = selector(l, nm.get("matchLabels"), nm.get("matchExpressions"));
            }
        }
        boolean own = !any && names.isEmpty() && nsLabels == null;
        if (any) {
            names.clear();
        }
        YamlTree.At sel = tm.get("selector");
        LabelSelector objects = LabelSelector.EVERYTHING;
        if (sel == null) {
            y.problem(t, "selector is required (an empty selector {} selects every " + (podMonitor ? "pod" : "service") + ")");
        } else {
            Map<String, YamlTree.At> sm = y.map(sel);
            y.allowOnly(sel, sm, "matchLabels", "matchExpressions");
            objects = selector(l, sm.get("matchLabels"), sm.get("matchExpressions"));
        }
        KubernetesSdConfig.Role role = KubernetesSdConfig.Role.POD;
        if (!podMonitor) {
            String r = y.string(tm.get("serviceDiscoveryRole"));
            role = r == null || r.equalsIgnoreCase("EndpointSlice") ? KubernetesSdConfig.Role.ENDPOINTSLICE
                    : r.equalsIgnoreCase("Endpoints") ? KubernetesSdConfig.Role.ENDPOINTS : null;
            if (role == null) {
                y.problem(tm.get("serviceDiscoveryRole"), "serviceDiscoveryRole must be Endpoints or EndpointSlice");
                role = KubernetesSdConfig.Role.ENDPOINTSLICE;
            }
        }
        boolean attachNode = false;
        YamlTree.At am = tm.get("attachMetadata");
        if (am != null) {
            Map<String, YamlTree.At> a = y.map(am);
            y.allowOnly(am, a, "node");
            attachNode = l.bool(a.get("node"), false);
        }
        // A PodMonitor's selector narrows the pods discovery lists; a ServiceMonitor's becomes keep/drop rules on the
        // service labels of each endpoint, as the operator generates them.
        KubernetesSdConfig sd = new KubernetesSdConfig(role, names, own, nsLabels, podMonitor
                ? Map.of(KubernetesSdConfig.Role.POD, new KubernetesSdConfig.Selector(objects, io.openagent.discovery.FieldSelector.EVERYTHING))
                : Map.of(), attachNode, null);
        String jobLabel = y.string(tm.get("jobLabel"));
        List<String> podTargetLabels = y.strings(tm.get("podTargetLabels"));
        List<String> targetLabels = y.strings(tm.get("targetLabels"));
        if (podMonitor && tm.containsKey("targetLabels")) {
            y.problem(tm.get("targetLabels"), "targetLabels copies Service labels: use podTargetLabels in a PodMonitor");
        }
        List<RelabelConfig> monitorRelabels = l.relabels(tm.get("relabelConfigs"));
        List<RelabelConfig> monitorMetricRelabels = l.relabels(tm.get("metricRelabelConfigs"));

        YamlTree.At eps = tm.containsKey("podMetricsEndpoints") ? tm.get("podMetricsEndpoints") : tm.get("endpoints");
        List<YamlTree.At> endpoints = y.list(eps);
        if (endpoints.isEmpty()) {
            y.problem(t, kind + " needs at least one endpoint");
        }
        List<JobConfig> jobs = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            YamlTree.At e = endpoints.get(i);
            Map<String, YamlTree.At> em = y.map(e);
            y.allowOnly(e, em, "port", "portNumber", "targetPort", "path", "scheme", "interval", "timeout", "scrapeTimeout", "params",
                    "honorLabels", "honorTimestamps", "tlsConfig", "basicAuth", "authorization", "bearerTokenSecret", "bearerTokenFile",
                    "relabelings", "metricRelabelings", "relabelConfigs", "metricRelabelConfigs", "metricSelector", "addNodeLabel",
                    "adaptiveTimeout", "filterRunning", "followRedirects", "enableHttp2");
            String port = y.string(em.get("port"));
            Long portNumber = y.number(em.get("portNumber"));
            String targetPort = y.string(em.get("targetPort"));
            if (port == null && portNumber == null && targetPort == null) {
                y.problem(e, "port (a name or number), portNumber or targetPort is required");
                continue;
            }
            Duration interval = l.positive(em.get("interval"), y.duration(em.get("interval")), cr.interval);
            Duration timeout = l.timeout(em.containsKey("scrapeTimeout") ? em.get("scrapeTimeout") : em.get("timeout"), interval, cr);
            TlsSettings tls = l.tls(em.get("tlsConfig"), false);
            String scheme = l.scheme(em.get("scheme"));
            String endpointName = port != null ? port : portNumber != null ? portNumber.toString() : targetPort;
            if (scheme == null) {
                // the operator's rule for the port named https; the original agent's rule for a TLS block
                scheme = "https".equals(endpointName) || !tls.isEmpty() ? "https" : "http";
            }
            List<RelabelConfig> relabel = new ArrayList<>(podMonitor
                    ? podRules(port, portNumber, targetPort, name, jobLabel, podTargetLabels, l.bool(em.get("addNodeLabel"), false))
                    : serviceRules(role, objects, port, targetPort, name, jobLabel, targetLabels, podTargetLabels));
            relabel.addAll(monitorRelabels);
            relabel.addAll(l.relabels(em.containsKey("relabelings") ? em.get("relabelings") : em.get("relabelConfigs")));
            List<RelabelConfig> metricRelabel = new ArrayList<>(monitorMetricRelabels);
            metricRelabel.addAll(l.relabels(em.containsKey("metricRelabelings") ? em.get("metricRelabelings") : em.get("metricRelabelConfigs")));
            AuthSettings auth = AuthSettings.NONE;
            SecretAuth secretAuth = secretAuth(l, em);
            String bearerFile = y.string(em.get("bearerTokenFile"));
            if (bearerFile != null) {
                if (secretAuth != null) {
                    y.problem(em.get("bearerTokenFile"), "only one of basicAuth, authorization, bearerTokenSecret and bearerTokenFile may be set");
                }
                auth = new AuthSettings(null, null, null, "Bearer", null, bearerFile);
            }
            String jobName = (podMonitor ? "podMonitor/" : "serviceMonitor/") + name + "/" + i;
            jobs.add(new JobConfig(jobName, interval, timeout, l.path(em.get("path"), cr.path), scheme, true, l.params(em.get("params")),
                    l.bool(em.get("honorLabels"), false), l.bool(em.get("honorTimestamps"), true), tls, auth,
                    ScrapeConfigLoader.orDefault(y.number(tm.get("sampleLimit")), cr.sampleLimit), ScrapeConfigLoader.orDefault(y.number(tm.get("labelLimit")), cr.labelLimit),
                    cr.labelNameLengthLimit, cr.labelValueLengthLimit, ScrapeConfigLoader.orDefault(y.bytes(tm.get("bodySizeLimit")), cr.bodySizeLimit),
                    relabel, metricRelabel, List.of(), y.strings(em.get("metricSelector")), List.of(sd), secretAuth,
                    l.file + ":" + e.line() + " (" + kind + " " + name + ")"));
        }
        return jobs;
    }

    private static LabelSelector selector(ScrapeConfigLoader l, YamlTree.At matchLabels, YamlTree.At matchExpressions) {
        YamlTree y = l.y;
        List<LabelSelector.Requirement> exprs = new ArrayList<>();
        for (YamlTree.At e : y.list(matchExpressions)) {
            Map<String, YamlTree.At> m = y.map(e);
            y.allowOnly(e, m, "key", "operator", "values");
            String key = y.string(m.get("key"));
            if (key == null) {
                y.problem(e, "key is required");
                continue;
            }
            try {
                exprs.add(LabelSelector.expression(key, String.valueOf(y.string(m.get("operator"))), y.strings(m.get("values"))));
            } catch (IllegalArgumentException x) {
                y.problem(e, x.getMessage());
            }
        }
        return LabelSelector.of(new LinkedHashMap<>(y.stringMap(matchLabels)), exprs);
    }

    /** basicAuth / bearerTokenSecret / authorization.credentials as Secret key references. */
    private static SecretAuth secretAuth(ScrapeConfigLoader l, Map<String, YamlTree.At> em) {
        YamlTree y = l.y;
        YamlTree.At basic = em.get("basicAuth");
        YamlTree.At authz = em.get("authorization");
        YamlTree.At bearer = em.get("bearerTokenSecret");
        int kinds = (basic != null ? 1 : 0) + (authz != null ? 1 : 0) + (bearer != null ? 1 : 0);
        if (kinds > 1) {
            y.problem(basic != null ? basic : authz, "only one of basicAuth, authorization and bearerTokenSecret may be set");
        }
        if (basic != null) {
            Map<String, YamlTree.At> b = y.map(basic);
            y.allowOnly(basic, b, "username", "password");
            SecretAuth.KeyRef user = keyRef(l, b.get("username"), basic, "username");
            SecretAuth.KeyRef pass = keyRef(l, b.get("password"), basic, "password");
            return user == null || pass == null ? null : new SecretAuth(user, pass, null, null);
        }
        if (authz != null) {
            Map<String, YamlTree.At> a = y.map(authz);
            y.allowOnly(authz, a, "type", "credentials");
            String type = y.string(a.get("type"));
            if ("basic".equalsIgnoreCase(type)) {
                y.problem(authz, "authorization type Basic is not allowed; use basicAuth");
            }
            SecretAuth.KeyRef cred = keyRef(l, a.get("credentials"), authz, "credentials");
            return cred == null ? null : new SecretAuth(null, null, type == null ? "Bearer" : type, cred);
        }
        if (bearer != null) {
            SecretAuth.KeyRef cred = keyRef(l, bearer, bearer, "bearerTokenSecret");
            return cred == null ? null : new SecretAuth(null, null, "Bearer", cred);
        }
        return null;
    }

    private static SecretAuth.KeyRef keyRef(ScrapeConfigLoader l, YamlTree.At at, YamlTree.At parent, String what) {
        YamlTree y = l.y;
        if (at == null) {
            y.problem(parent, what + " is required: a Secret key reference {name, key[, namespace]}");
            return null;
        }
        Map<String, YamlTree.At> m = y.map(at);
        y.allowOnly(at, m, "name", "key", "namespace", "optional");
        String name = y.string(m.get("name"));
        String key = y.string(m.get("key"));
        if (name == null || key == null) {
            y.problem(at, what + " needs the Secret's name and key");
            return null;
        }
        return new SecretAuth.KeyRef(y.string(m.get("namespace")), name, key);
    }

    private static String sanitize(String labelName) {
        return io.openagent.discovery.KubernetesTargets.sanitize(labelName);
    }

    private static String quote(String literal) {
        return literal.replaceAll("([\\\\.^$*+?()\\[\\]{}|])", "\\\\$1");
    }

    private static RelabelConfig keep(String source, String regex) {
        return new RelabelConfig(List.of(source), null, null, regex, null, null, Action.KEEP);
    }

    private static RelabelConfig copy(String source, String target) {
        return new RelabelConfig(List.of(source), null, target, null, null, null, Action.REPLACE);
    }

    private static RelabelConfig copyIfSet(String source, String target) {
        return new RelabelConfig(List.of(source), null, target, "(.+)", null, "${1}", Action.REPLACE);
    }

    private static RelabelConfig set(String target, String value) {
        return new RelabelConfig(List.of(), null, target, "(.*)", null, value.replace("$", "$$"), Action.REPLACE);
    }

    static List<RelabelConfig> podRules(String port, Long portNumber, String targetPort, String monitor, String jobLabel,
                                        List<String> podTargetLabels, boolean addNodeLabel) {
        List<RelabelConfig> r = new ArrayList<>();
        r.add(keep("__meta_kubernetes_pod_phase", "Running"));
        r.add(keep("__meta_kubernetes_pod_ready", "true"));
        if (port != null && port.matches("\\d+")) {
            r.add(keep("__meta_kubernetes_pod_container_port_number", port));
        } else if (port != null) {
            r.add(keep("__meta_kubernetes_pod_container_port_name", quote(port)));
        } else if (portNumber != null) {
            r.add(keep("__meta_kubernetes_pod_container_port_number", portNumber.toString()));
        } else if (targetPort.matches("\\d+")) {
            r.add(keep("__meta_kubernetes_pod_container_port_number", targetPort));
        } else {
            r.add(keep("__meta_kubernetes_pod_container_port_name", quote(targetPort)));
        }
        r.add(copy("__meta_kubernetes_namespace", "namespace"));
        r.add(copy("__meta_kubernetes_pod_container_name", "container"));
        r.add(copy("__meta_kubernetes_pod_name", "pod"));
        for (String label : podTargetLabels) {
            r.add(copyIfSet("__meta_kubernetes_pod_label_" + sanitize(label), sanitize(label)));
        }
        r.add(set("job", monitor));
        if (jobLabel != null) {
            r.add(copyIfSet("__meta_kubernetes_pod_label_" + sanitize(jobLabel), "job"));
        }
        r.add(set("endpoint", port != null ? port : portNumber != null ? portNumber.toString() : targetPort));
        if (addNodeLabel) {
            r.add(copy("__meta_kubernetes_pod_node_name", "node"));
        }
        return r;
    }

    static List<RelabelConfig> serviceRules(KubernetesSdConfig.Role role, LabelSelector services, String port, String targetPort,
                                            String monitor, String jobLabel, List<String> targetLabels, List<String> podTargetLabels) {
        boolean slices = role == KubernetesSdConfig.Role.ENDPOINTSLICE;
        String meta = slices ? "__meta_kubernetes_endpointslice_" : "__meta_kubernetes_endpoint_";
        List<RelabelConfig> r = new ArrayList<>();
        for (LabelSelector.Requirement req : services.requirements()) {
            String label = "__meta_kubernetes_service_label_" + sanitize(req.key());
            String present = "__meta_kubernetes_service_labelpresent_" + sanitize(req.key());
            StringBuilder alternatives = new StringBuilder();
            for (String v : req.values()) {
                alternatives.append(alternatives.length() == 0 ? "" : "|").append(quote(v));
            }
            switch (req.operator()) {
                case IN -> r.add(new RelabelConfig(List.of(label, present), null, null, "(" + alternatives + ");true", null, null, Action.KEEP));
                case NOT_IN -> r.add(new RelabelConfig(List.of(label, present), null, null, "(" + alternatives + ");true", null, null,
                        Action.DROP));
                case EXISTS -> r.add(keep(present, "true"));
                case DOES_NOT_EXIST -> r.add(new RelabelConfig(List.of(present), null, null, "true", null, null, Action.DROP));
            }
        }
        r.add(keep(slices ? meta + "endpoint_conditions_ready" : meta + "ready", "true"));
        if (port != null && port.matches("\\d+")) {
            r.add(keep("__address__", ".+:" + port)); // the number the endpoints expose (the target port)
        } else if (port != null) {
            r.add(keep(meta + "port_name", quote(port)));
        } else if (targetPort.matches("\\d+")) {
            r.add(keep("__meta_kubernetes_pod_container_port_number", targetPort));
        } else {
            r.add(keep("__meta_kubernetes_pod_container_port_name", quote(targetPort)));
        }
        List<String> kindAndName = List.of(meta + "address_target_kind", meta + "address_target_name");
        r.add(new RelabelConfig(kindAndName, null, "node", "Node;(.*)", null, "${1}", Action.REPLACE));
        r.add(new RelabelConfig(kindAndName, null, "pod", "Pod;(.*)", null, "${1}", Action.REPLACE));
        r.add(copy("__meta_kubernetes_namespace", "namespace"));
        r.add(copy("__meta_kubernetes_service_name", "service"));
        r.add(copy("__meta_kubernetes_pod_container_name", "container"));
        for (String label : targetLabels) {
            r.add(copyIfSet("__meta_kubernetes_service_label_" + sanitize(label), sanitize(label)));
        }
        for (String label : podTargetLabels) {
            r.add(copyIfSet("__meta_kubernetes_pod_label_" + sanitize(label), sanitize(label)));
        }
        r.add(set("job", monitor));
        if (jobLabel != null) {
            r.add(copyIfSet("__meta_kubernetes_service_label_" + sanitize(jobLabel), "job"));
        }
        r.add(set("endpoint", port != null ? port : targetPort));
        return r;
    }
}
