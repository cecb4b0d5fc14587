package io.openagent.discovery;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Prometheus relabel rule, validated as Prometheus validates it. The regex is RE2 syntax,
 * anchored as {@code ^(?:regex)$}; constructs RE2 does not have (backreferences, lookaround,
 * possessive quantifiers, atomic groups) are refused so a config means the same here as there.
 */
public final class RelabelConfig {
    public enum Action {
        REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

        public static Action parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown relabel action \"" + s + "\"");
            }
        }

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    final List<String> sourceLabels;
    final String separator;
    final String targetLabel;
    final String regexSource;
    final Pattern regex;
    final long modulus;
    final String replacement;
    final Action action;

    /**
     * @param regex       null for the default {@code (.*)}
     * @param replacement null for the default {@code $1}
     * @param separator   null for the default {@code ;}
     */
    public RelabelConfig(List<String> sourceLabels, String separator, String targetLabel, String regex, Long modulus,
                         String replacement, Action action) {
        this.action = action == null ? Action.REPLACE : action;
        this.sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
        this.separator = separator == null ? DEFAULT_SEPARATOR : separator;
        this.targetLabel = targetLabel == null ? "" : targetLabel;
        this.regexSource = regex == null ? DEFAULT_REGEX : regex;
        this.modulus = modulus == null ? 0 : modulus;
        this.replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
        this.regex = compile(this.regexSource);
        validate(separator, regex, modulus, replacement);
    }

    public Action action() {
        return action;
    }

    public String targetLabel() {
        return targetLabel;
    }

    public List<String> sourceLabels() {
        return sourceLabels;
    }

    private void validate(String separatorSet, String regexSet, Long modulusSet, String replacementSet) {
        switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> {
                if (targetLabel.isEmpty()) {
                    throw new IllegalArgumentException("relabel action " + action.yamlName() + " requires a target_label");
                }
            }
            default -> { }
        }
        if ((action == Action.LOWERCASE || action == Action.UPPERCASE || action == Action.KEEPEQUAL
                || action == Action.DROPEQUAL || action == Action.HASHMOD) && !isLabelName(targetLabel)) {
            throw new IllegalArgumentException("\"" + targetLabel + "\" is an invalid target_label for " + action.yamlName());
        }
        if (action == Action.REPLACE && !targetLabel.contains("$") && !isLabelName(targetLabel)) {
            throw new IllegalArgumentException("\"" + targetLabel + "\" is an invalid target_label for replace");
        }
        if (action == Action.HASHMOD && this.modulus <= 0) {
            throw new IllegalArgumentException("relabel action hashmod requires a modulus greater than 0");
        }
        if (action == Action.LABELDROP || action == Action.LABELKEEP) {
            if (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || (modulusSet != null && modulusSet != 0)
                    || (separatorSet != null && !separatorSet.equals(DEFAULT_SEPARATOR))
                    || (replacementSet != null && !replacementSet.equals(DEFAULT_REPLACEMENT))) {
                throw new IllegalArgumentException(action.yamlName() + " takes only a regex (no source_labels, target_label, "
                        + "separator, modulus or replacement)");
            }
        }
        if (action == Action.KEEPEQUAL || action == Action.DROPEQUAL) {
            if (regexSet != null && !regexSet.equals(DEFAULT_REGEX) || (modulusSet != null && modulusSet != 0)
                    || (separatorSet != null && !separatorSet.equals(DEFAULT_SEPARATOR))
                    || (replacementSet != null && !replacementSet.equals(DEFAULT_REPLACEMENT))) {
                throw new IllegalArgumentException(action.yamlName() + " takes only source_labels and target_label");
            }
        }
        if (action == Action.LABELMAP && !replacement.contains("$") && !isLabelName(replacement)) {
            throw new IllegalArgumentException("\"" + replacement + "\" is an invalid replacement for labelmap");
        }
    }

    static boolean isLabelName(String s) {
        return LABEL_NAME.matcher(s).matches();
    }

    /** Compiles an RE2 regex anchored at both ends, refusing what RE2 does not accept. */
    static Pattern compile(String re2) {
        checkRe2(re2);
        String java = re2.replace("(?P<", "(?<");
        try {
            return Pattern.compile("^(?:" + java + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex \"" + re2 + "\": " + e.getDescription());
        }
    }

    private static void checkRe2(String re) {
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char n = re.charAt(i + 1);
                if (!inClass && n >= '1' && n <= '9') {
                    throw new IllegalArgumentException("invalid regex \"" + re + "\": backreferences (\\" + n + ") are not RE2");
                }
                if ("GZkRhHXV".indexOf(n) >= 0 && !inClass) {
                    throw new IllegalArgumentException("invalid regex \"" + re + "\": \\" + n + " is not RE2");
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && c == '(' && re.startsWith("(?", i)) {
                if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i) || re.startsWith("(?<!", i)) {
                    throw new IllegalArgumentException("invalid regex \"" + re + "\": lookaround is not RE2");
                }
                if (re.startsWith("(?>", i)) {
                    throw new IllegalArgumentException("invalid regex \"" + re + "\": atomic groups are not RE2");
                }
                int nameStart = re.startsWith("(?P<", i) ? i + 4 : re.startsWith("(?<", i) ? i + 3 : -1;
                if (nameStart > 0) {
                    int end = re.indexOf('>', nameStart);
                    String name = end > 0 ? re.substring(nameStart, end) : "";
                    if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                        throw new IllegalArgumentException("invalid regex \"" + re + "\": group name \"" + name
                                + "\" (only letters and digits are supported)");
                    }
                }
            } else if (!inClass && (c == '+') && i > 0 && "*+?}".indexOf(re.charAt(i - 1)) >= 0 && !escaped(re, i - 1)) {
                throw new IllegalArgumentException("invalid regex \"" + re + "\": possessive quantifiers are not RE2");
            }
        }
    }

    private static boolean escaped(String re, int at) {
        int n = 0;
        for (int i = at - 1; i >= 0 && re.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelabelConfig r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{action: ").append(action.yamlName());
        if (!sourceLabels.isEmpty()) {
            sb.append(", source_labels: ").append(sourceLabels);
        }
        if (!separator.equals(DEFAULT_SEPARATOR)) {
            sb.append(", separator: \"").append(separator).append('"');
        }
        if (!regexSource.equals(DEFAULT_REGEX)) {
            sb.append(", regex: \"").append(regexSource).append('"');
        }
        if (!targetLabel.isEmpty()) {
            sb.append(", target_label: ").append(targetLabel);
        }
        if (!replacement.equals(DEFAULT_REPLACEMENT)) {
            sb.append(", replacement: \"").append(replacement).append('"');
        }
        if (modulus != 0) {
            sb.append(", modulus: ").append(modulus);
        }
        return sb.append('}').toString();
    }
}
