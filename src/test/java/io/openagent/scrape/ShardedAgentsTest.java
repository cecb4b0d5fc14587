package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two agents with shard_count 2 on the same targets scrape disjoint sets that together cover all, and rebalance. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShardedAgentsTest {
    @TempDir
    Path dir;

    /** Distinct addresses by port; nothing needs to listen there: the test is about which replica owns which target. */
    private static String config(int targets) {
        StringBuilder sb = new StringBuilder("scrape_configs:\n  - job_name: shard\n    scrape_interval: 5s\n    scrape_timeout: 1s\n"
                + "    static_configs:\n      - targets:\n");
        for (int i = 1; i <= targets; i++) {
            sb.append("          - \"127.0.0.1:").append(20_000 + i).append("\"\n");
        }
        return sb.toString();
    }

    private static Set<String> owned(AgentHarness a) {
        return a.agent().targets().stream().map(t -> t.target().url().getRawAuthority()).collect(Collectors.toSet());
    }

    @Test
    void disjointCompleteAndRebalanced() throws Exception {
        Path h0 = Files.createDirectories(dir.resolve("a"));
        Path h1 = Files.createDirectories(dir.resolve("b"));
        try (AgentHarness a = new AgentHarness(h0, config(20), "shard_count=2\nshard_index=0\nwhatap.oname=shard-a\n");
             AgentHarness b = new AgentHarness(h1, config(20), "shard_count=2\nshard_index=1\nwhatap.oname=shard-b\n")) {
            assertTrue(AgentHarness.await(() -> a.agent().targets().size() + a.agent().droppedTargets().size() == 20
                    && b.agent().targets().size() + b.agent().droppedTargets().size() == 20, 10_000),
                    () -> "a: " + a.agent().targets().size() + "+" + a.agent().droppedTargets().size() + " " + a.agent().configError()
                            + ", b: " + b.agent().targets().size() + "+" + b.agent().droppedTargets().size() + " " + b.agent().configError()
                            + " " + a.agent().droppedTargets());
            Set<String> s0 = owned(a);
            Set<String> s1 = owned(b);
            Set<String> overlap = new HashSet<>(s0);
            overlap.retainAll(s1);
            assertTrue(overlap.isEmpty(), "disjoint: " + overlap);
            assertEquals(20, s0.size() + s1.size(), "together every target: " + s0 + " " + s1);
            assertEquals(20, a.agent().droppedTargets().size() + s0.size(), "the others are listed as dropped");

            a.writeScrapeConfig(config(30));
            b.writeScrapeConfig(config(30));
            assertTrue(AgentHarness.await(() -> owned(a).size() + owned(b).size() == 30, 10_000), "a new target is taken by one replica");
            assertTrue(owned(a).containsAll(s0) && owned(b).containsAll(s1), "existing targets keep their replica");
            a.writeScrapeConfig(config(10));
            b.writeScrapeConfig(config(10));
            assertTrue(AgentHarness.await(() -> owned(a).size() + owned(b).size() == 10, 10_000), "a vanished target leaves its replica");
        }
    }
}
