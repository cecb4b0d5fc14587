package io.openagent.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Applies relabel rules exactly as Prometheus' {@code model/relabel} does. Labels are a sorted map
 * (Prometheus label sets are sorted); setting a label to "" deletes it.
 */
public final class Relabeler {
    private Relabeler() {
    }

    /** The relabeled labels, or null when a rule dropped the set. */
    public static Map<String, String> process(Map<String, String> labels, List<RelabelConfig> rules) {
        return process(labels, rules, null);
    }

    /** As {@link #process(Map, List)}, reporting the labels after every rule (for the relabel debugger). */
    public static Map<String, String> process(Map<String, String> labels, List<RelabelConfig> rules,
                                              Consumer<Map<String, String>> afterEachRule) {
        TreeMap<String, String> lb = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                lb.put(k, v);
            }
        });
        for (RelabelConfig rule : rules) {
            if (!apply(lb, rule)) {
                if (afterEachRule != null) {
                    afterEachRule.accept(null);
                }
                return null;
            }
            if (afterEachRule != null) {
                afterEachRule.accept(new TreeMap<>(lb));
            }
        }
        return lb;
    }

    private static void set(TreeMap<String, String> lb, String name, String value) {
        if (value.isEmpty()) {
            lb.remove(name);
        } else {
            lb.put(name, value);
        }
    }

    /** Applies one rule; false when it drops the set. */
    static boolean apply(TreeMap<String, String> lb, RelabelConfig cfg) {
        String val = joined(lb, cfg);
        switch (cfg.action) {
            case DROP:
                return !cfg.regex.matcher(val).matches();
            case KEEP:
                return cfg.regex.matcher(val).matches();
            case DROPEQUAL:
                return !lb.getOrDefault(cfg.targetLabel, "").equals(val);
            case KEEPEQUAL:
                return lb.getOrDefault(cfg.targetLabel, "").equals(val);
            case REPLACE: {
                if (val.isEmpty() && cfg.regexSource.equals(RelabelConfig.DEFAULT_REGEX) && !cfg.targetLabel.contains("$")
                        && !cfg.replacement.contains("$")) {
                    set(lb, cfg.targetLabel, cfg.replacement);
                    break;
                }
                Matcher m = cfg.regex.matcher(val);
                if (!m.matches()) {
                    break;
                }
                String target = expand(cfg.targetLabel, m);
                if (!RelabelConfig.isLabelName(target)) {
                    break;
                }
                set(lb, target, expand(cfg.replacement, m));
                break;
            }
            case LOWERCASE:
                set(lb, cfg.targetLabel, val.toLowerCase(Locale.ROOT));
                break;
            case UPPERCASE:
                set(lb, cfg.targetLabel, val.toUpperCase(Locale.ROOT));
                break;
            case HASHMOD:
                set(lb, cfg.targetLabel, Long.toUnsignedString(Long.remainderUnsigned(sum64(val), cfg.modulus)));
                break;
            case LABELMAP: {
                List<String[]> add = new ArrayList<>();
                for (Map.Entry<String, String> e : lb.entrySet()) {
                    Matcher m = cfg.regex.matcher(e.getKey());
                    if (m.matches()) {
                        add.add(new String[] {expand(cfg.replacement, m), e.getValue()});
                    }
                }
                for (String[] a : add) {
                    set(lb, a[0], a[1]);
                }
                break;
            }
            case LABELDROP:
                lb.keySet().removeIf(name -> cfg.regex.matcher(name).matches());
                break;
            case LABELKEEP:
                lb.keySet().removeIf(name -> !cfg.regex.matcher(name).matches());
                break;
            default:
                throw new IllegalStateException("unhandled action " + cfg.action);
        }
        return true;
    }

    private static String joined(TreeMap<String, String> lb, RelabelConfig cfg) {
        if (cfg.sourceLabels.isEmpty()) {
            return "";
        }
        if (cfg.sourceLabels.size() == 1) {
            return lb.getOrDefault(cfg.sourceLabels.get(0), "");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cfg.sourceLabels.size(); i++) {
            if (i > 0) {
                sb.append(cfg.separator);
            }
            sb.append(lb.getOrDefault(cfg.sourceLabels.get(i), ""));
        }
        return sb.toString();
    }

    /** md5 of the value, bytes 8..15 as a big-endian unsigned 64-bit number. */
    static long sum64(String val) {
        try {
            byte[] h = MessageDigest.getInstance("MD5").digest(val.getBytes(StandardCharsets.UTF_8));
            long sum = 0;
            for (int i = 8; i < 16; i++) {
                sum = (sum << 8) | (h[i] & 0xff);
            }
            return sum;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Go's {@code Regexp.Expand}: {@code $name} or {@code ${name}} where name is the longest run of
     * letters, digits and underscores (so {@code $1x} names group "1x", which does not exist and
     * expands to ""); a number is a group index; {@code $$} is a literal dollar; a {@code $} not
     * followed by a valid name stays literal.
     */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (i + 1 < n && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
                if (name.isEmpty() || !isNameRun(name)) {
                    out.append(c);
                    i++;
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < n && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            out.append(group(m, name));
            i = next;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static boolean isNameRun(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String group(Matcher m, String name) {
        boolean numeric = true;
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                numeric = false;
                break;
            }
        }
        if (numeric) {
            int idx;
            try {
                idx = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return "";
            }
            if (idx > m.groupCount()) {
                return "";
            }
            String g = m.group(idx);
            return g == null ? "" : g;
        }
        try {
            String g = m.group(name);
            return g == null ? "" : g;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
