package io.openagent.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kubernetes label selector: the {@code matchLabels}/{@code matchExpressions} of PodMonitor and
 * ServiceMonitor, and the string form of {@code kubernetes_sd_configs} selectors
 * ({@code app=x,tier!=cache,env in (a,b),env notin (c),release,!canary}). Every requirement must hold;
 * an empty selector matches everything.
 */
public final class LabelSelector {
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case IN -> v != null && values.contains(v);
                case NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case IN -> values.size() == 1 ? key + "=" + values.iterator().next() : key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> values.size() == 1 ? key + "!=" + values.iterator().next() : key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements);
    }

    /** {@code matchLabels} and {@code matchExpressions}; operators as Kubernetes spells them. */
    public static LabelSelector of(Map<String, String> matchLabels, List<Requirement> expressions) {
        List<Requirement> r = new ArrayList<>();
        matchLabels.forEach((k, v) -> r.add(new Requirement(k, Operator.IN, Set.of(v))));
        r.addAll(expressions);
        return of(r);
    }

    public static Requirement expression(String key, String operator, List<String> values) {
        Operator op = switch (operator) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw new IllegalArgumentException("operator must be In, NotIn, Exists or DoesNotExist, got \"" + operator + "\"");
        };
        if ((op == Operator.IN || op == Operator.NOT_IN) && values.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs values");
        }
        if ((op == Operator.EXISTS || op == Operator.DOES_NOT_EXIST) && !values.isEmpty()) {
            throw new IllegalArgumentException(operator + " takes no values");
        }
        return new Requirement(key, op, new TreeSet<>(values));
    }

    /** Parses the string form ({@code kubectl -l}); throws IllegalArgumentException naming the problem. */
    public static LabelSelector parse(String text) {
        List<Requirement> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        for (String part : splitTopLevel(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty requirement in label selector \"" + text + "\"");
            }
            out.add(requirement(p, text));
        }
        return of(out);
    }

    private static Requirement requirement(String p, String whole) {
        if (p.startsWith("!")) {
            return new Requirement(key(p.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        int ne = p.indexOf("!=");
        if (ne > 0) {
            return new Requirement(key(p.substring(0, ne).trim(), whole), Operator.NOT_IN, Set.of(value(p.substring(ne + 2).trim(), whole)));
        }
        int eq = p.indexOf('=');
        if (eq > 0) {
            String v = p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return new Requirement(key(p.substring(0, eq).trim(), whole), Operator.IN, Set.of(value(v, whole)));
        }
        String[] words = p.split("\\s+", 2);
        if (words.length == 2) {
            String rest = words[1].trim();
            String opWord = rest.split("[\\s(]", 2)[0];
            Operator op = opWord.equals("in") ? Operator.IN : opWord.equals("notin") ? Operator.NOT_IN : null;
            String list = rest.substring(opWord.length()).trim();
            if (op == null || !list.startsWith("(") || !list.endsWith(")")) {
                throw new IllegalArgumentException("cannot parse \"" + p + "\" in label selector \"" + whole + "\"");
            }
            Set<String> values = new TreeSet<>();
            for (String v : list.substring(1, list.length() - 1).split(",")) {
                values.add(value(v.trim(), whole));
            }
            return new Requirement(key(words[0], whole), op, values);
        }
        return new Requirement(key(p, whole), Operator.EXISTS, Set.of());
    }

    private static String key(String k, String whole) {
        if (!k.matches("([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?")) {
            throw new IllegalArgumentException("\"" + k + "\" is not a valid label key in label selector \"" + whole + "\"");
        }
        return k;
    }

    private static String value(String v, String whole) {
        if (!v.matches("([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?")) {
            throw new IllegalArgumentException("\"" + v + "\" is not a valid label value in label selector \"" + whole + "\"");
        }
        return v;
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Requirement r : requirements) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(r);
        }
        return b.toString();
    }
}
