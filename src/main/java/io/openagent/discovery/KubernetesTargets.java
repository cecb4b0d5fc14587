package io.openagent.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.openagent.config.KubernetesSdConfig;
import io.openagent.config.KubernetesSdConfig.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus' Kubernetes service discovery as a pure function: a {@link KubernetesSdConfig} and a
 * {@link ClusterSnapshot} give the discovered label sets — {@code __address__} and every
 * {@code __meta_kubernetes_*} label Prometheus documents for the role — ready for relabeling.
 */
public final class KubernetesTargets {
    private static final String META = "__meta_kubernetes_";

    private KubernetesTargets() {
    }

    /** @param ownNamespace the agent's namespace, for {@code own_namespace} and monitors without a namespaceSelector */
    public static List<Map<String, String>> discover(KubernetesSdConfig sd, ClusterSnapshot c, String ownNamespace) {
        return switch (sd.role()) {
            case POD -> collect(sd, c, ownNamespace, c.pods(), p -> podTargets(sd, c, p));
            case SERVICE -> collect(sd, c, ownNamespace, c.services(), KubernetesTargets::serviceTargets);
            case ENDPOINTS -> collect(sd, c, ownNamespace, c.endpoints(), e -> endpointsTargets(sd, c, e));
            case ENDPOINTSLICE -> collect(sd, c, ownNamespace, c.endpointSlices(), e -> endpointSliceTargets(sd, c, e));
            case INGRESS -> collect(sd, c, ownNamespace, c.ingresses(), KubernetesTargets::ingressTargets);
            case NODE -> collect(sd, c, ownNamespace, c.nodes(), n -> {
                Map<String, String> t = nodeTarget(n);
                return t == null ? List.of() : List.of(t);
            });
        };
    }

    /** The targets of the objects of the config's role that are in its namespaces (nodes have none) and match its selector. */
    private static <T extends HasMetadata> List<Map<String, String>> collect(KubernetesSdConfig sd, ClusterSnapshot c, String ownNamespace,
                                                                            List<T> objects,
                                                                            java.util.function.Function<T, List<Map<String, String>>> targets) {
        List<Map<String, String>> out = new ArrayList<>();
        for (T o : objects) {
            if ((sd.role() == Role.NODE || inScope(sd, c, ownNamespace, o)) && selected(sd, sd.role(), o)) {
                out.addAll(targets.apply(o));
            }
        }
        return out;
    }

    /** The namespaces the config names (plus its own), and those whose labels match a monitor's namespaceSelector. */
    static boolean inScope(KubernetesSdConfig sd, ClusterSnapshot c, String ownNamespace, HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        if (!sd.namespaces().isEmpty() || sd.ownNamespace()) {
            if (!sd.namespaces().contains(ns) && !(sd.ownNamespace() && ns != null && ns.equals(ownNamespace))) {
                return false;
            }
        }
        if (sd.namespaceLabels() != null) {
            Namespace n = c.namespace(ns);
            return n != null && sd.namespaceLabels().matches(n.getMetadata().getLabels());
        }
        return true;
    }

    private static boolean selected(KubernetesSdConfig sd, Role role, HasMetadata o) {
        KubernetesSdConfig.Selector s = sd.selector(role);
        return s.label().matches(o.getMetadata().getLabels()) && s.field().matches(f -> field(o, f));
    }

    /** The field paths field selectors may name. */
    static String field(HasMetadata o, String path) {
        ObjectMeta m = o.getMetadata();
        switch (path) {
            case "metadata.name":
                return m.getName();
            case "metadata.namespace":
                return m.getNamespace();
            default:
                break;
        }
        if (o instanceof Pod p) {
            return switch (path) {
                case "spec.nodeName" -> p.getSpec() == null ? null : p.getSpec().getNodeName();
                case "spec.restartPolicy" -> p.getSpec() == null ? null : p.getSpec().getRestartPolicy();
                case "spec.schedulerName" -> p.getSpec() == null ? null : p.getSpec().getSchedulerName();
                case "spec.serviceAccountName" -> p.getSpec() == null ? null : p.getSpec().getServiceAccountName();
                case "status.phase" -> p.getStatus() == null ? null : p.getStatus().getPhase();
                case "status.podIP" -> p.getStatus() == null ? null : p.getStatus().getPodIP();
                case "status.nominatedNodeName" -> p.getStatus() == null ? null : p.getStatus().getNominatedNodeName();
                default -> null;
            };
        }
        if (o instanceof Node n) {
            return path.equals("spec.unschedulable") && n.getSpec() != null ? String.valueOf(Boolean.TRUE.equals(n.getSpec().getUnschedulable())) : null;
        }
        if (o instanceof Service s && s.getSpec() != null) {
            return path.equals("spec.type") ? s.getSpec().getType() : path.equals("spec.clusterIP") ? s.getSpec().getClusterIP() : null;
        }
        return null;
    }

    /** Label and annotation names become label-name suffixes: every other character than [a-zA-Z0-9_] is '_'. */
    public static String sanitize(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            b.append((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
        }
        return b.toString();
    }

    private static void put(Map<String, String> l, String name, String value) {
        if (value != null && !value.isEmpty()) {
            l.put(name, value);
        }
    }

    private static void objectLabels(Map<String, String> l, String prefix, ObjectMeta m) {
        if (m.getLabels() != null) {
            m.getLabels().forEach((k, v) -> {
                l.put(prefix + "_label_" + sanitize(k), v == null ? "" : v);
                l.put(prefix + "_labelpresent_" + sanitize(k), "true");
            });
        }
        if (m.getAnnotations() != null) {
            m.getAnnotations().forEach((k, v) -> {
                l.put(prefix + "_annotation_" + sanitize(k), v == null ? "" : v);
                l.put(prefix + "_annotationpresent_" + sanitize(k), "true");
            });
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    // ---- pod ----

    private static Map<String, String> podLabels(Pod p) {
        Map<String, String> l = new LinkedHashMap<>();
        ObjectMeta m = p.getMetadata();
        l.put(META + "namespace", m.getNamespace());
        l.put(META + "pod_name", m.getName());
        objectLabels(l, META + "pod", m);
        if (p.getStatus() != null) {
            put(l, META + "pod_ip", p.getStatus().getPodIP());
            put(l, META + "pod_host_ip", p.getStatus().getHostIP());
            put(l, META + "pod_phase", p.getStatus().getPhase());
        }
        l.put(META + "pod_ready", podReady(p));
        if (p.getSpec() != null) {
            put(l, META + "pod_node_name", p.getSpec().getNodeName());
        }
        put(l, META + "pod_uid", m.getUid());
        if (m.getOwnerReferences() != null) {
            for (OwnerReference o : m.getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) {
                    put(l, META + "pod_controller_kind", o.getKind());
                    put(l, META + "pod_controller_name", o.getName());
                    break;
                }
            }
        }
        return l;
    }

    /** The Ready condition's status in lower case ({@code true}, {@code false}); {@code unknown} without one. */
    static String podReady(Pod p) {
        if (p.getStatus() != null && p.getStatus().getConditions() != null) {
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    return c.getStatus() == null ? "unknown" : c.getStatus().toLowerCase(Locale.ROOT);
                }
            }
        }
        return "unknown";
    }

    private static void nodeMetadata(KubernetesSdConfig sd, ClusterSnapshot c, Map<String, String> l, String nodeName) {
        if (!sd.attachNodeMetadata() || nodeName == null) {
            return;
        }
        Node n = c.node(nodeName);
        if (n != null) {
            l.put(META + "node_name", nodeName);
            objectLabels(l, META + "node", n.getMetadata());
            put(l, META + "node_provider_id", n.getSpec() == null ? null : n.getSpec().getProviderID());
        }
    }

    private record ContainerInfo(Container container, boolean init, String id) {
    }

    private static List<ContainerInfo> containers(Pod p) {
        List<ContainerInfo> out = new ArrayList<>();
        if (p.getSpec() == null) {
            return out;
        }
        for (Container ct : p.getSpec().getContainers()) {
            out.add(new ContainerInfo(ct, false, containerId(ct, p.getStatus() == null ? null : p.getStatus().getContainerStatuses())));
        }
        for (Container ct : p.getSpec().getInitContainers()) {
            out.add(new ContainerInfo(ct, true, containerId(ct, p.getStatus() == null ? null : p.getStatus().getInitContainerStatuses())));
        }
        return out;
    }

    private static String containerId(Container ct, List<ContainerStatus> statuses) {
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                if (ct.getName().equals(s.getName())) {
                    return s.getContainerID();
                }
            }
        }
        return null;
    }

    private static void containerLabels(Map<String, String> l, ContainerInfo ci, ContainerPort port) {
        put(l, META + "pod_container_name", ci.container.getName());
        put(l, META + "pod_container_image", ci.container.getImage());
        put(l, META + "pod_container_id", ci.id);
        l.put(META + "pod_container_init", Boolean.toString(ci.init));
        if (port != null) {
            l.put(META + "pod_container_port_number", Integer.toString(port.getContainerPort()));
            put(l, META + "pod_container_port_name", port.getName());
            put(l, META + "pod_container_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
        }
    }

    /** One target per declared container port; a container without ports gives one port-less target (address = pod IP). */
    private static List<Map<String, String>> podTargets(KubernetesSdConfig sd, ClusterSnapshot c, Pod p) {
        List<Map<String, String>> out = new ArrayList<>();
        String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
        if (ip == null || ip.isEmpty()) {
            return out; // not scheduled or no network yet: nothing to scrape
        }
        Map<String, String> base = podLabels(p);
        nodeMetadata(sd, c, base, p.getSpec() == null ? null : p.getSpec().getNodeName());
        for (ContainerInfo ci : containers(p)) {
            List<ContainerPort> ports = ci.container.getPorts();
            if (ports == null || ports.isEmpty()) {
                Map<String, String> t = new LinkedHashMap<>(base);
                t.put("__address__", ip);
                containerLabels(t, ci, null);
                out.add(t);
                continue;
            }
            for (ContainerPort port : ports) {
                Map<String, String> t = new LinkedHashMap<>(base);
                t.put("__address__", hostPort(ip, port.getContainerPort()));
                containerLabels(t, ci, port);
                out.add(t);
            }
        }
        return out;
    }

    // ---- service ----

    private static Map<String, String> serviceLabels(Service s) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(META + "namespace", s.getMetadata().getNamespace());
        l.put(META + "service_name", s.getMetadata().getName());
        objectLabels(l, META + "service", s.getMetadata());
        String type = s.getSpec() == null || s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
        l.put(META + "service_type", type);
        if (s.getSpec() != null) {
            if (type.equals("ExternalName")) {
                put(l, META + "service_external_name", s.getSpec().getExternalName());
            } else {
                put(l, META + "service_cluster_ip", s.getSpec().getClusterIP());
            }
            if (type.equals("LoadBalancer")) {
                put(l, META + "service_loadbalancer_ip", s.getSpec().getLoadBalancerIP());
            }
        }
        return l;
    }

    private static List<Map<String, String>> serviceTargets(Service s) {
        List<Map<String, String>> out = new ArrayList<>();
        if (s.getSpec() == null) {
            return out;
        }
        Map<String, String> base = serviceLabels(s);
        for (ServicePort port : s.getSpec().getPorts()) {
            Map<String, String> t = new LinkedHashMap<>(base);
            t.put("__address__", s.getMetadata().getName() + "." + s.getMetadata().getNamespace() + ".svc:" + port.getPort());
            put(t, META + "service_port_name", port.getName());
            t.put(META + "service_port_number", Integer.toString(port.getPort()));
            t.put(META + "service_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
            out.add(t);
        }
        return out;
    }

    // ---- endpoints and endpointslices ----

    /** Pod labels and the labels of the container exposing {@code port}, when the address belongs to a known pod. */
    private static Pod addPod(KubernetesSdConfig sd, ClusterSnapshot c, Map<String, String> t, String namespace, String kind, String name,
                              int port, Map<String, Set<String>> seen) {
        if (!"Pod".equals(kind) || name == null) {
            return null;
        }
        Pod p = c.pod(namespace, name);
        if (p == null || !selected(sd, Role.POD, p)) {
            return null;
        }
        t.putAll(podLabels(p));
        nodeMetadata(sd, c, t, p.getSpec() == null ? null : p.getSpec().getNodeName());
        for (ContainerInfo ci : containers(p)) {
            for (ContainerPort cp : ci.container.getPorts()) {
                if (cp.getContainerPort() != null && cp.getContainerPort() == port) {
                    containerLabels(t, ci, cp);
                    seen.computeIfAbsent(namespace + "/" + name, k -> new HashSet<>()).add(ci.container.getName() + ":" + port);
                    return p;
                }
            }
        }
        seen.computeIfAbsent(namespace + "/" + name, k -> new HashSet<>());
        return p;
    }

    /** Container ports of the pods behind the endpoints that no endpoint port covered: Prometheus adds them too. */
    private static void otherContainerPorts(KubernetesSdConfig sd, ClusterSnapshot c, Map<String, String> group,
                                            Map<String, Set<String>> seen, List<Map<String, String>> out) {
        for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
            String[] nsName = e.getKey().split("/", 2);
            Pod p = c.pod(nsName[0], nsName[1]);
            String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            for (ContainerInfo ci : containers(p)) {
                for (ContainerPort cp : ci.container.getPorts()) {
                    if (e.getValue().contains(ci.container.getName() + ":" + cp.getContainerPort())) {
                        continue;
                    }
                    Map<String, String> t = new LinkedHashMap<>(group);
                    t.put("__address__", hostPort(ip, cp.getContainerPort()));
                    t.putAll(podLabels(p));
                    nodeMetadata(sd, c, t, p.getSpec() == null ? null : p.getSpec().getNodeName());
                    containerLabels(t, ci, cp);
                    out.add(t);
                }
            }
        }
    }

    private static void serviceOf(KubernetesSdConfig sd, ClusterSnapshot c, Map<String, String> group, String namespace, String name) {
        Service s = name == null ? null : c.service(namespace, name);
        if (s != null && selected(sd, Role.SERVICE, s)) {
            group.putAll(serviceLabels(s));
        }
    }

    private static List<Map<String, String>> endpointsTargets(KubernetesSdConfig sd, ClusterSnapshot c, Endpoints e) {
        List<Map<String, String>> out = new ArrayList<>();
        String ns = e.getMetadata().getNamespace();
        Map<String, String> group = new LinkedHashMap<>();
        group.put(META + "namespace", ns);
        group.put(META + "endpoints_name", e.getMetadata().getName());
        objectLabels(group, META + "endpoints", e.getMetadata());
        serviceOf(sd, c, group, ns, e.getMetadata().getName());
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (EndpointSubset subset : e.getSubsets()) {
            for (EndpointPort port : subset.getPorts()) {
                addAddresses(sd, c, out, group, ns, port, subset.getAddresses(), true, seen);
                addAddresses(sd, c, out, group, ns, port, subset.getNotReadyAddresses(), false, seen);
            }
        }
        otherContainerPorts(sd, c, group, seen, out);
        return out;
    }

    private static void addAddresses(KubernetesSdConfig sd, ClusterSnapshot c, List<Map<String, String>> out, Map<String, String> group,
                                     String ns, EndpointPort port, List<EndpointAddress> addresses, boolean ready,
                                     Map<String, Set<String>> seen) {
        for (EndpointAddress a : addresses) {
            Map<String, String> t = new LinkedHashMap<>(group);
            t.put("__address__", hostPort(a.getIp(), port.getPort()));
            put(t, META + "endpoint_port_name", port.getName());
            t.put(META + "endpoint_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
            t.put(META + "endpoint_ready", Boolean.toString(ready));
            put(t, META + "endpoint_hostname", a.getHostname());
            put(t, META + "endpoint_node_name", a.getNodeName());
            ObjectReference ref = a.getTargetRef();
            if (ref != null) {
                put(t, META + "endpoint_address_target_kind", ref.getKind());
                put(t, META + "endpoint_address_target_name", ref.getName());
                addPod(sd, c, t, ns, ref.getKind(), ref.getName(), port.getPort(), seen);
            }
            out.add(t);
        }
    }

    private static List<Map<String, String>> endpointSliceTargets(KubernetesSdConfig sd, ClusterSnapshot c, EndpointSlice e) {
        List<Map<String, String>> out = new ArrayList<>();
        String ns = e.getMetadata().getNamespace();
        Map<String, String> group = new LinkedHashMap<>();
        group.put(META + "namespace", ns);
        group.put(META + "endpointslice_name", e.getMetadata().getName());
        objectLabels(group, META + "endpointslice", e.getMetadata());
        put(group, META + "endpointslice_address_type", e.getAddressType());
        Map<String, String> sliceLabels = e.getMetadata().getLabels();
        serviceOf(sd, c, group, ns, sliceLabels == null ? null : sliceLabels.get("kubernetes.io/service-name"));
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort port : e.getPorts()) {
            if (port.getPort() == null) {
                continue; // "all ports": nothing to address
            }
            for (Endpoint ep : e.getEndpoints()) {
                for (String address : new LinkedHashSet<>(ep.getAddresses())) {
                    Map<String, String> t = new LinkedHashMap<>(group);
                    t.put("__address__", hostPort(address, port.getPort()));
                    t.put(META + "endpointslice_port", Integer.toString(port.getPort()));
                    put(t, META + "endpointslice_port_name", port.getName());
                    t.put(META + "endpointslice_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
                    put(t, META + "endpointslice_port_app_protocol", port.getAppProtocol());
                    if (ep.getConditions() != null) {
                        putBool(t, META + "endpointslice_endpoint_conditions_ready", ep.getConditions().getReady());
                        putBool(t, META + "endpointslice_endpoint_conditions_serving", ep.getConditions().getServing());
                        putBool(t, META + "endpointslice_endpoint_conditions_terminating", ep.getConditions().getTerminating());
                    }
                    put(t, META + "endpointslice_endpoint_hostname", ep.getHostname());
                    put(t, META + "endpointslice_endpoint_node_name", ep.getNodeName());
                    put(t, META + "endpointslice_endpoint_zone", ep.getZone());
                    if (ep.getDeprecatedTopology() != null) {
                        ep.getDeprecatedTopology().forEach((k, v) -> {
                            t.put(META + "endpointslice_endpoint_topology_" + sanitize(k), v);
                            t.put(META + "endpointslice_endpoint_topology_present_" + sanitize(k), "true");
                        });
                    }
                    ObjectReference ref = ep.getTargetRef();
                    if (ref != null) {
                        put(t, META + "endpointslice_address_target_kind", ref.getKind());
                        put(t, META + "endpointslice_address_target_name", ref.getName());
                        addPod(sd, c, t, ns, ref.getKind(), ref.getName(), port.getPort(), seen);
                    }
                    out.add(t);
                }
            }
        }
        otherContainerPorts(sd, c, group, seen, out);
        return out;
    }

    private static void putBool(Map<String, String> l, String name, Boolean b) {
        if (b != null) {
            l.put(name, b.toString());
        }
    }

    // ---- ingress ----

    /** One target per path of each rule: address = the rule's host; https when a TLS entry lists that host (or a matching wildcard). */
    private static List<Map<String, String>> ingressTargets(io.fabric8.kubernetes.api.model.networking.v1.Ingress in) {
        List<Map<String, String>> out = new ArrayList<>();
        if (in.getSpec() == null) {
            return out;
        }
        Map<String, String> base = new LinkedHashMap<>();
        base.put(META + "namespace", in.getMetadata().getNamespace());
        base.put(META + "ingress_name", in.getMetadata().getName());
        objectLabels(base, META + "ingress", in.getMetadata());
        String className = in.getSpec().getIngressClassName();
        if (className == null && in.getMetadata().getAnnotations() != null) {
            className = in.getMetadata().getAnnotations().get("kubernetes.io/ingress.class");
        }
        put(base, META + "ingress_class_name", className);
        List<String> tlsHosts = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.networking.v1.IngressTLS tls : in.getSpec().getTls()) {
            tlsHosts.addAll(tls.getHosts());
        }
        for (io.fabric8.kubernetes.api.model.networking.v1.IngressRule rule : in.getSpec().getRules()) {
            String host = rule.getHost() == null ? "" : rule.getHost();
            String scheme = tlsHosts.stream().anyMatch(p -> hostMatches(p, host)) ? "https" : "http";
            List<String> paths = new ArrayList<>();
            if (rule.getHttp() != null) {
                rule.getHttp().getPaths().forEach(p -> paths.add(p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath()));
            }
            if (paths.isEmpty()) {
                paths.add("/");
            }
            for (String path : paths) {
                Map<String, String> t = new LinkedHashMap<>(base);
                t.put("__address__", host);
                t.put(META + "ingress_scheme", scheme);
                t.put(META + "ingress_path", path);
                out.add(t);
            }
        }
        return out;
    }

    /** {@code *.example.com} matches one label in front of example.com; anything else matches exactly. */
    static boolean hostMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    // ---- node ----

    private static final List<String> ADDRESS_ORDER = List.of("InternalIP", "ExternalIP", "LegacyHostIP", "Hostname");

    private static Map<String, String> nodeTarget(Node n) {
        if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
            return null;
        }
        Map<String, String> byType = new LinkedHashMap<>();
        for (NodeAddress a : n.getStatus().getAddresses()) {
            byType.putIfAbsent(a.getType(), a.getAddress());
        }
        String address = null;
        for (String type : ADDRESS_ORDER) {
            if (byType.get(type) != null) {
                address = byType.get(type);
                break;
            }
        }
        if (address == null) {
            return null;
        }
        int port = 10250;
        if (n.getStatus().getDaemonEndpoints() != null && n.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null
                && n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() != null) {
            port = n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        }
        Map<String, String> t = new LinkedHashMap<>();
        t.put("__address__", hostPort(address, port));
        t.put("instance", n.getMetadata().getName());
        t.put(META + "node_name", n.getMetadata().getName());
        put(t, META + "node_provider_id", n.getSpec() == null ? null : n.getSpec().getProviderID());
        objectLabels(t, META + "node", n.getMetadata());
        byType.forEach((type, a) -> put(t, META + "node_address_" + sanitize(type), a));
        return t;
    }
}
