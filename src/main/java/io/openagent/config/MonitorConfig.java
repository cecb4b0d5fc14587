package io.openagent.config;

import java.util.List;
import java.util.Map;

/**
 * A PodMonitor or ServiceMonitor entry of the CR form, validated here and resolved by Kubernetes
 * discovery. Endpoints keep their raw (validated) fields.
 */
public record MonitorConfig(String name, String type, List<String> namespaces, boolean anyNamespace,
                            Map<String, String> namespaceMatchLabels, Map<String, String> matchLabels,
                            List<Map<String, Object>> matchExpressions, List<Map<String, Object>> endpoints, String source) {
}
