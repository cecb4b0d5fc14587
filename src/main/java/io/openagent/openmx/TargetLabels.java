package io.openagent.openmx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels a target adds to every sample (job, instance and the target's own), pre-encoded for
 * the hot path. Labels with empty values are not attached, as in Prometheus.
 */
public final class TargetLabels {
    private final Map<String, String> labels;
    final byte[][] names;
    final byte[][] values;
    private final byte[] encoded;

    public TargetLabels(Map<String, String> labels) {
        Map<String, String> kept = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                kept.put(k, v);
            }
        });
        this.labels = Collections.unmodifiableMap(kept);
        List<byte[]> n = new ArrayList<>();
        List<byte[]> v = new ArrayList<>();
        kept.forEach((k, val) -> {
            n.add(k.getBytes(StandardCharsets.UTF_8));
            v.add(val.getBytes(StandardCharsets.UTF_8));
        });
        names = n.toArray(new byte[0][]);
        values = v.toArray(new byte[0][]);
        io.openagent.wire.WireOutput all = new io.openagent.wire.WireOutput();
        for (int i = 0; i < names.length; i++) {
            all.writeBlob(names[i]).writeBlob(values[i]);
        }
        encoded = all.toByteArray();
    }

    /** Every label as a record writes it (key blob, value blob, in order): one copy per sample. */
    byte[] encoded() {
        return encoded;
    }

    public Map<String, String> asMap() {
        return labels;
    }

    public int size() {
        return names.length;
    }

    /** Index of the target label called {@code b[off, off+len)}, or -1. */
    int indexOf(byte[] b, int off, int len) {
        for (int i = 0; i < names.length; i++) {
            byte[] n = names[i];
            if (n.length == len && java.util.Arrays.equals(n, 0, len, b, off, off + len)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
