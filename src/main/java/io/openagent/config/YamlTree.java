package io.openagent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML document read with positions, so that every configuration problem can name the file,
 * the line and the key path ({@code scrape_configs[1].static_configs[0].targets}).
 * Accessors record problems instead of throwing; {@link #problems()} lists them.
 */
public final class YamlTree {
    private final String file;
    private final List<String> problems = new ArrayList<>();

    /** A node with its key path. */
    public record At(Node node, String path) {
        public int line() {
            return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        }
    }

    private YamlTree(String file) {
        this.file = file;
    }

    public static YamlTree forFile(String file) {
        return new YamlTree(file);
    }

    /** Parses text; a syntax error becomes a problem and the result is empty. */
    public Optional<At> parse(String text) {
        try {
            Optional<Node> node = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
            return node.map(n -> new At(n, ""));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(file + ":" + line + ": YAML syntax error: " + e.getProblem());
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(file + ": YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
    }

    public List<String> problems() {
        return problems;
    }

    public void problem(At at, String message) {
        problems.add(file + ":" + at.line() + ": " + (at.path().isEmpty() ? "" : at.path() + ": ") + message);
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entries of a mapping (empty, with a problem, when the node is not a mapping). */
    public Map<String, At> map(At at) {
        Map<String, At> out = new LinkedHashMap<>();
        if (at == null) {
            return out;
        }
        if (!(at.node() instanceof MappingNode m)) {
            if (!isNull(at)) {
                problem(at, "expected a mapping");
            }
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
            if (out.containsKey(key)) {
                problem(new At(t.getKeyNode(), child(at.path(), key)), "duplicate key");
            }
            out.put(key, new At(t.getValueNode(), child(at.path(), key)));
        }
        return out;
    }

    /** Checks that only known keys are used; unknown keys are problems (typos must not pass silently). */
    public void allowOnly(At at, Map<String, At> entries, String... known) {
        List<String> allowed = List.of(known);
        for (Map.Entry<String, At> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problem(e.getValue(), "unknown key (expected one of " + String.join(", ", allowed) + ")");
            }
        }
    }

    public List<At> list(At at) {
        List<At> out = new ArrayList<>();
        if (at == null || isNull(at)) {
            return out;
        }
        if (!(at.node() instanceof SequenceNode s)) {
            problem(at, "expected a list");
            return out;
        }
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new At(s.getValue().get(i), at.path() + "[" + i + "]"));
        }
        return out;
    }

    public static boolean isNull(At at) {
        return at.node() instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"))
                && s.getTag().getValue().endsWith(":null");
    }

    /** A scalar as text (numbers and booleans too), or null with a problem when it is not a scalar. */
    public String string(At at) {
        if (at == null || isNull(at)) {
            return null;
        }
        if (at.node() instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(at, "expected a single value");
        return null;
    }

    public List<String> strings(At at) {
        List<String> out = new ArrayList<>();
        if (at != null && at.node() instanceof ScalarNode && !isNull(at)) {
            out.add(string(at)); // a single value where a list is expected is accepted
            return out;
        }
        for (At e : list(at)) {
            String s = string(e);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    public Map<String, String> stringMap(At at) {
        Map<String, String> out = new LinkedHashMap<>();
        map(at).forEach((k, v) -> {
            String s = string(v);
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    public Boolean bool(At at) {
        String s = string(at);
        if (s == null) {
            return null;
        }
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                problem(at, "expected true or false, got \"" + s + "\"");
                return null;
        }
    }

    public Long number(At at) {
        String s = string(at);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            problem(at, "expected a whole number, got \"" + s + "\"");
            return null;
        }
    }

    public java.time.Duration duration(At at) {
        String s = string(at);
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
            return null;
        }
    }

    /** A byte size: a number of bytes or Prometheus units (KB, MB, GB, KiB, MiB, GiB...). */
    public Long bytes(At at) {
        String s = string(at);
        if (s == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g)?\\s*").matcher(s);
        if (!m.matches()) {
            problem(at, "expected a size such as 64MB, got \"" + s + "\"");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        long mul = switch (unit) {
            case "kb", "kib", "k" -> 1024L;
            case "mb", "mib", "m" -> 1024L * 1024;
            case "gb", "gib", "g" -> 1024L * 1024 * 1024;
            case "tb", "tib" -> 1024L * 1024 * 1024 * 1024;
            default -> 1;
        };
        return n * mul;
    }
}
