package io.openagent.discovery;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery knows of a cluster at one moment: the objects the informers hold (or a test
 * builds). Kinds nobody watches are empty lists. Lookups by namespace/name are built once.
 */
public final class ClusterSnapshot {
    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    private final List<Pod> pods;
    private final List<Service> services;
    private final List<Endpoints> endpoints;
    private final List<EndpointSlice> endpointSlices;
    private final List<Node> nodes;
    private final List<Namespace> namespaces;
    private final List<Ingress> ingresses;
    private Map<String, Pod> podIndex;
    private Map<String, Service> serviceIndex;
    private Map<String, Node> nodeIndex;
    private Map<String, Namespace> namespaceIndex;

    public ClusterSnapshot(List<Pod> pods, List<Service> services, List<Endpoints> endpoints, List<EndpointSlice> endpointSlices,
                           List<Node> nodes, List<Namespace> namespaces) {
        this(pods, services, endpoints, endpointSlices, nodes, namespaces, List.of());
    }

    public ClusterSnapshot(List<Pod> pods, List<Service> services, List<Endpoints> endpoints, List<EndpointSlice> endpointSlices,
                           List<Node> nodes, List<Namespace> namespaces, List<Ingress> ingresses) {
        this.ingresses = List.copyOf(ingresses);
        this.pods = List.copyOf(pods);
        this.services = List.copyOf(services);
        this.endpoints = List.copyOf(endpoints);
        this.endpointSlices = List.copyOf(endpointSlices);
        this.nodes = List.copyOf(nodes);
        this.namespaces = List.copyOf(namespaces);
    }

    public List<Pod> pods() {
        return pods;
    }

    public List<Service> services() {
        return services;
    }

    public List<Endpoints> endpoints() {
        return endpoints;
    }

    public List<EndpointSlice> endpointSlices() {
        return endpointSlices;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Namespace> namespaces() {
        return namespaces;
    }

    public List<Ingress> ingresses() {
        return ingresses;
    }

    public synchronized Pod pod(String namespace, String name) {
        if (podIndex == null) {
            podIndex = index(pods);
        }
        return podIndex.get(namespace + "/" + name);
    }

    public synchronized Service service(String namespace, String name) {
        if (serviceIndex == null) {
            serviceIndex = index(services);
        }
        return serviceIndex.get(namespace + "/" + name);
    }

    public synchronized Node node(String name) {
        if (nodeIndex == null) {
            nodeIndex = index(nodes);
        }
        return nodeIndex.get("/" + name);
    }

    public synchronized Namespace namespace(String name) {
        if (namespaceIndex == null) {
            namespaceIndex = index(namespaces);
        }
        return namespaceIndex.get("/" + name);
    }

    private static <T extends HasMetadata> Map<String, T> index(List<T> objects) {
        Map<String, T> m = new HashMap<>();
        for (T o : objects) {
            String ns = o.getMetadata().getNamespace();
            m.put((ns == null ? "" : ns) + "/" + o.getMetadata().getName(), o);
        }
        return m;
    }
}
