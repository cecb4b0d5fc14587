package io.openagent.config;

import io.openagent.discovery.FieldSelector;
import io.openagent.discovery.LabelSelector;
import java.util.List;
import java.util.Map;

/**
 * One {@code kubernetes_sd_configs} entry — or what a PodMonitor/ServiceMonitor endpoint amounts to:
 * which objects to turn into targets, in which namespaces, narrowed by which selectors.
 *
 * @param namespaces         names to look in; empty with {@code ownNamespace} false = every namespace
 * @param namespaceLabels    monitors only: namespaces whose labels match (null = not used)
 * @param selectors          per role of object: label and field selectors the objects must match
 * @param attachNodeMetadata add the node's {@code __meta_kubernetes_node_*} labels to pod-backed targets
 * @param kubeconfigFile     the cluster to ask (null = in-cluster, else KUBECONFIG, else ~/.kube/config)
 */
public record KubernetesSdConfig(Role role, List<String> namespaces, boolean ownNamespace, LabelSelector namespaceLabels,
                                 Map<Role, Selector> selectors, boolean attachNodeMetadata, String kubeconfigFile) {

    public enum Role {
        POD("pod"), SERVICE("service"), ENDPOINTS("endpoints"), ENDPOINTSLICE("endpointslice"), NODE("node"), INGRESS("ingress");

        public final String word;

        Role(String word) {
            this.word = word;
        }

        public static Role parse(String s) {
            for (Role r : values()) {
                if (r.word.equals(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("role must be pod, service, endpoints, endpointslice, node or ingress, got \"" + s + "\"");
        }

        /** The object roles a selector of this discovery role may name (as Prometheus allows). */
        public List<Role> selectable() {
            return switch (this) {
                case ENDPOINTS -> List.of(ENDPOINTS, POD, SERVICE);
                case ENDPOINTSLICE -> List.of(ENDPOINTSLICE, POD, SERVICE);
                default -> List.of(this);
            };
        }
    }

    public record Selector(LabelSelector label, FieldSelector field) {
        public static final Selector EVERYTHING = new Selector(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);
    }

    public Selector selector(Role r) {
        return selectors.getOrDefault(r, Selector.EVERYTHING);
    }
}
