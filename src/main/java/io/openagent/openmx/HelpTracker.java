package io.openagent.openmx;

import io.openagent.exposition.MetricFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which families' OpenMxHelp records a target sends: on its first scrape, whenever a
 * family's help, type or unit changes, and again once {@code resendInterval} has passed — never on
 * every scrape. One instance per target.
 */
public final class HelpTracker {
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(10);

    /** What went out for one family, and under which {@link #reset} epoch. */
    private record Sent(HelpTracker tracker, int epoch, String help, String type, String unit, long atMs) {
    }

    private final long resendMs;
    /**
     * By family name, for parsers that build new families on every parse (protobuf). A text reader
     * hands back the same family objects scrape after scrape, and the record rides on the family
     * itself ({@link MetricFamily#tracking()}): no map lookup per family and scrape, no map entry.
     */
    private final Map<String, Sent> sent = new HashMap<>();
    private int epoch;

    public HelpTracker(Duration resendInterval) {
        this.resendMs = resendInterval.toMillis();
    }

    /** The families to describe now; records them as sent at {@code nowMs}. */
    public List<MetricFamily> due(List<MetricFamily> families, long nowMs) {
        List<MetricFamily> out = null;
        for (MetricFamily f : families) {
            if (!f.hasMetadata()) {
                continue;
            }
            String type = f.typeDeclared() ? f.type().textName() : null;
            Sent previous = f.tracking() instanceof Sent s && s.tracker == this && s.epoch == epoch ? s : sent.get(f.name());
            boolean changed = previous == null || !Objects.equals(previous.help, f.help())
                    || !Objects.equals(previous.type, type) || !Objects.equals(previous.unit, f.unit());
            if (changed || nowMs - previous.atMs >= resendMs) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(f);
                Sent now = new Sent(this, epoch, f.help(), type, f.unit(), nowMs);
                if (f.outlivesParse()) {
                    sent.remove(f.name()); // known from another format before: the family carries it now
                } else {
                    sent.put(f.name(), now);
                }
                f.tracking(now);
            } else if (previous != f.tracking()) {
                f.tracking(previous);
            }
        }
        return out == null ? List.of() : out;
    }

    /** Forget what was sent (a new session: the collector may have lost it). */
    public void reset() {
        sent.clear();
        epoch++;
    }
}
