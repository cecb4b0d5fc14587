package io.openagent.scrape;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Bounds the whole read of a response body by a deadline: a target that drips one byte per second
 * would never trip a per-read socket timeout, but it cannot outlive its scrape timeout here.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final long deadlineNanos;
    private final long timeoutMs;

    DeadlineInputStream(InputStream in, long startNanos, long timeoutMs) {
        super(in);
        this.deadlineNanos = startNanos + timeoutMs * 1_000_000L;
        this.timeoutMs = timeoutMs;
    }

    private void check() throws SocketTimeoutException {
        if (System.nanoTime() > deadlineNanos) {
            throw new SocketTimeoutException("scrape timeout: body not complete after " + timeoutMs + " ms");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }
}
