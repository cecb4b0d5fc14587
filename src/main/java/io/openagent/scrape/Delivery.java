package io.openagent.scrape;

import io.openagent.wire.PackBody;
import io.openagent.wire.SessionClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The end of the delivery route: hands each pack to the agent's one WhaTap session, which holds
 * packs while the collector is away and sends them in order once it is back.
 */
public final class Delivery {
    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());

    private volatile SessionClient session;
    public final AtomicLong packsQueued = new AtomicLong();
    public final AtomicLong packsDropped = new AtomicLong();

    void attach(SessionClient client) {
        this.session = client;
    }

    public SessionClient session() {
        return session;
    }

    /**
     * Called by {@code direct:deliver} with a scrape's packs, in the order they must be sent (help
     * before the samples it describes). One message per scrape rather than a split into one
     * exchange per pack: the order is the list's, and Camel routes one exchange instead of several.
     */
    public void sendAll(List<PackBody> packs) {
        for (PackBody p : packs) {
            send(p);
        }
    }

    /** Hands one pack to the session. */
    public void send(PackBody pack) {
        SessionClient s = session;
        if (s == null) {
            packsDropped.incrementAndGet();
            LOG.warning("no WhaTap session yet: a pack of " + pack.records() + " records was dropped");
            return;
        }
        packsQueued.incrementAndGet();
        s.send(pack).whenComplete((ok, err) -> {
            if (err != null) {
                packsDropped.incrementAndGet();
                LOG.warning("pack not delivered: " + err.getMessage());
            }
        });
    }
}
