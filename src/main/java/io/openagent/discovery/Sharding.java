package io.openagent.discovery;

import java.util.function.Function;

/**
 * Coordination-free horizontal sharding, as the Prometheus Operator shards and vmagent's cluster
 * mode do: with {@code shard_count} replicas, replica {@code shard_index} keeps the targets whose
 * {@code md5(__address__)} (bytes 8..15, as hashmod) modulo the count equals its index. The index
 * comes from {@code shard_index}, else from the StatefulSet pod ordinal at the end of POD_NAME.
 */
public record Sharding(int count, int index) {
    public static final Sharding NONE = new Sharding(1, 0);

    public Sharding {
        if (count < 1) {
            count = 1;
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard_index " + index + " is not below shard_count " + count);
        }
    }

    /** From settings ({@code shard_count}, {@code shard_index}) and the environment ({@code POD_NAME}). */
    public static Sharding from(Function<String, String> conf, Function<String, String> env) {
        int count = parse(conf.apply("shard_count"), 1);
        if (count <= 1) {
            return NONE;
        }
        String explicit = conf.apply("shard_index");
        int index;
        if (explicit != null && !explicit.isBlank()) {
            index = parse(explicit, -1);
        } else {
            String pod = env.apply("POD_NAME");
            int dash = pod == null ? -1 : pod.lastIndexOf('-');
            index = dash < 0 ? -1 : parse(pod.substring(dash + 1), -1);
            if (index < 0) {
                throw new IllegalArgumentException("shard_count is " + count + " but neither shard_index nor a StatefulSet POD_NAME "
                        + "(name-<ordinal>) gives this replica's index");
            }
        }
        return new Sharding(count, index);
    }

    private static int parse(String s, int d) {
        try {
            return s == null ? d : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return d;
        }
    }

    public boolean owns(String address) {
        return count <= 1 || Long.remainderUnsigned(Relabeler.sum64(address), count) == index;
    }
}
