package io.openagent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration syntax: {@code 1y2w3d4h5m6s7ms} (units in that order), or a plain number of seconds. */
public final class Durations {
    private static final Pattern PROM = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};

    private Durations() {
    }

    /** Parses a duration; throws IllegalArgumentException with a helpful message. */
    public static Duration parse(String s) {
        String t = s.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000)); // a bare number means seconds
        }
        Matcher m = PROM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("\"" + s + "\" is not a duration (use Prometheus syntax such as 15s, 1m30s, 500ms, 1h)");
        }
        long ms = 0;
        for (int i = 0; i < UNIT_MS.length; i++) {
            if (m.group(i + 1) != null) {
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(i + 1)), UNIT_MS[i]));
            }
        }
        return Duration.ofMillis(ms);
    }

    /** Formats as Prometheus does ({@code 1m30s}, {@code 500ms}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < UNIT_MS.length; i++) {
            long n = ms / UNIT_MS[i];
            if (n > 0) {
                sb.append(n).append(units[i]);
                ms -= n * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
