package io.openagent.wire;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one agent's sessions, for logs, health and {@code /observe/metrics}. */
public final class SessionStats {
    public final AtomicLong connects = new AtomicLong();
    public final AtomicLong connectFailures = new AtomicLong();
    public final AtomicLong handshakes = new AtomicLong();
    public final AtomicLong packsSent = new AtomicLong();
    public final AtomicLong bytesSent = new AtomicLong();
    public final AtomicLong oversize = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong controlRequests = new AtomicLong();
    public final AtomicLong clockOffsetMs = new AtomicLong();

    @Override
    public String toString() {
        return "SessionStats[connects=" + connects + ", handshakes=" + handshakes + ", packsSent=" + packsSent + ", bytesSent="
                + bytesSent + ", connectFailures=" + connectFailures + ", malformed=" + malformed + ", oversize=" + oversize + "]";
    }
}
