package io.openagent.scrape;

import io.openagent.wire.PackBody;
import io.openagent.wire.SessionClient;
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

    /** Called by {@code direct:deliver} for every pack of every scrape. */
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
