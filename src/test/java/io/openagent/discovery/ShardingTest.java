package io.openagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardingTest {
    @Test
    void replicasSplitTargetsDisjointlyAndTogetherCoverAll() {
        Sharding a = Sharding.from(Map.of("shard_count", "2")::get, Map.of("POD_NAME", "whatap-open-agent-0")::get);
        Sharding b = Sharding.from(Map.of("shard_count", "2")::get, Map.of("POD_NAME", "whatap-open-agent-1")::get);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            addresses.add("10.0." + (i / 200) + "." + (i % 200) + ":9100");
        }
        Set<String> first = new HashSet<>();
        Set<String> second = new HashSet<>();
        for (String addr : addresses) {
            if (a.owns(addr)) {
                first.add(addr);
            }
            if (b.owns(addr)) {
                second.add(addr);
            }
        }
        Set<String> both = new HashSet<>(first);
        both.retainAll(second);
        assertTrue(both.isEmpty(), "disjoint");
        assertEquals(addresses.size(), first.size() + second.size(), "together every target");
        assertTrue(first.size() > 150 && second.size() > 150, "balanced: " + first.size() + "/" + second.size());
        // a new target lands on exactly one replica; the others keep their owner (no reshuffle)
        assertTrue(a.owns("10.9.9.9:9100") ^ b.owns("10.9.9.9:9100"));
        for (String addr : addresses) {
            assertEquals(first.contains(addr), a.owns(addr));
        }
    }

    @Test
    void theIndexMatchesPrometheusHashmod() {
        Sharding s = new Sharding(3, 1);
        String addr = "10.0.0.1:9100";
        assertEquals(Long.remainderUnsigned(Relabeler.sum64(addr), 3) == 1, s.owns(addr));
        assertTrue(Sharding.from(Map.<String, String>of()::get, k -> null).owns("anything"), "no sharding: owns all");
        assertThrows(IllegalArgumentException.class, () -> Sharding.from(Map.of("shard_count", "3")::get, k -> null));
        assertThrows(IllegalArgumentException.class, () -> Sharding.from(Map.of("shard_count", "2", "shard_index", "2")::get, k -> null));
        assertEquals(1, Sharding.from(Map.of("shard_count", "2", "shard_index", "1")::get, k -> null).index());
    }
}
