package io.openagent.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A Kubernetes field selector ({@code spec.nodeName=worker1,status.phase!=Failed}) as written in
 * {@code kubernetes_sd_configs} selectors. Only the fields the API server itself accepts for the
 * kind are allowed, so a selector that works here also works with kubectl.
 */
public final class FieldSelector {
    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
    private static final Set<String> POD = Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "status.phase", "status.podIP", "status.nominatedNodeName");
    private static final Set<String> NODE = Set.of("spec.unschedulable");
    private static final Set<String> SERVICE = Set.of("spec.type", "spec.clusterIP");

    public record Requirement(String field, boolean equal, String value) {
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** Parses a selector for objects of the given kind ({@code pod}, {@code service}, {@code node}, ...). */
    public static FieldSelector parse(String text, String kind) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int ne = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (eq <= 0 && ne <= 0) {
                throw new IllegalArgumentException("\"" + p + "\" in field selector \"" + text + "\" is not field=value or field!=value");
            }
            boolean equal = ne < 0;
            String field = (equal ? p.substring(0, eq) : p.substring(0, ne)).trim();
            String value = equal ? p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1).trim() : p.substring(ne + 2).trim();
            if (!COMMON.contains(field) && !allowed(kind).contains(field)) {
                throw new IllegalArgumentException("field \"" + field + "\" cannot select " + kind + " objects (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(union(kind))) + ")");
            }
            out.add(new Requirement(field, equal, value));
        }
        return new FieldSelector(out);
    }

    private static Set<String> allowed(String kind) {
        return switch (kind) {
            case "pod" -> POD;
            case "node" -> NODE;
            case "service" -> SERVICE;
            default -> Set.of();
        };
    }

    private static Set<String> union(String kind) {
        java.util.Set<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(allowed(kind));
        return s;
    }

    /** @param fieldValue the object's value of a field path (null when unset, compared as "") */
    public boolean matches(Function<String, String> fieldValue) {
        for (Requirement r : requirements) {
            String v = fieldValue.apply(r.field());
            boolean same = (v == null ? "" : v).equals(r.value());
            if (same != r.equal()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector s && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }
}
