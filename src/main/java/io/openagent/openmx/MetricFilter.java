package io.openagent.openmx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric-name filter of the original agent ({@code whitelist}, {@code metricSelector}): exact
 * names and {@code *} globs. An empty filter accepts everything. Decisions are cached per name so
 * that after the first scrape a lookup allocates nothing. One instance per target (not thread-safe).
 */
public final class MetricFilter {
    private final List<String> patterns;
    private final Set<String> exact = new HashSet<>();
    private final List<byte[][]> globs = new ArrayList<>();
    private final boolean acceptAll;

    /** Decisions by metric name; after a target's first scrape a lookup allocates nothing. */
    private final io.openagent.exposition.BytesMap<Boolean> decisions = new io.openagent.exposition.BytesMap<>(1 << 16);

    public static final MetricFilter ALL = new MetricFilter(List.of());

    public MetricFilter(Collection<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : patterns) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.indexOf('*') >= 0) {
                String[] parts = t.split("\\*", -1);
                byte[][] g = new byte[parts.length][];
                for (int i = 0; i < parts.length; i++) {
                    g[i] = parts[i].getBytes(StandardCharsets.UTF_8);
                }
                globs.add(g);
            } else {
                exact.add(t);
            }
        }
        acceptAll = exact.isEmpty() && globs.isEmpty();
    }

    /** A fresh filter with the same patterns and its own cache (filters are per target). */
    public MetricFilter copy() {
        return new MetricFilter(patterns);
    }

    public boolean acceptsAll() {
        return acceptAll;
    }

    public boolean accepts(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return accepts(b, 0, b.length);
    }

    public boolean accepts(byte[] b, int off, int len) {
        if (acceptAll) {
            return true;
        }
        Boolean known = decisions.get(b, off, len);
        if (known == null) {
            known = decide(b, off, len);
            decisions.put(b, off, len, known);
        }
        return known;
    }

    private boolean decide(byte[] b, int off, int len) {
        if (exact.contains(new String(b, off, len, StandardCharsets.UTF_8))) {
            return true;
        }
        for (byte[][] g : globs) {
            if (globMatches(g, b, off, len)) {
                return true;
            }
        }
        return false;
    }

    /** Parts separated by '*': the first anchors at the start, the last at the end, the rest in order. */
    private static boolean globMatches(byte[][] parts, byte[] b, int off, int len) {
        int end = off + len;
        byte[] first = parts[0];
        byte[] last = parts[parts.length - 1];
        if (len < first.length + last.length) {
            return false;
        }
        if (!Arrays.equals(b, off, off + first.length, first, 0, first.length)
                || !Arrays.equals(b, end - last.length, end, last, 0, last.length)) {
            return false;
        }
        int p = off + first.length;
        int limit = end - last.length;
        for (int i = 1; i < parts.length - 1; i++) {
            byte[] part = parts[i];
            int found = -1;
            for (int q = p; q + part.length <= limit; q++) {
                if (Arrays.equals(b, q, q + part.length, part, 0, part.length)) {
                    found = q;
                    break;
                }
            }
            if (found < 0) {
                return false;
            }
            p = found + part.length;
        }
        return true;
    }
}
