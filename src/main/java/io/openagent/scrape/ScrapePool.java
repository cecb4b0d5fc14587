package io.openagent.scrape;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one pool every scrape route hands its work to, so the number of threads does not grow with
 * the number of targets: {@code OPENAGENT_SCRAPE_THREADS} (default 16). The queue cannot grow
 * beyond one entry per target, because a target's next tick is skipped while a scrape is pending.
 */
public final class ScrapePool extends ThreadPoolExecutor {
    public ScrapePool() {
        this(threads());
    }

    public ScrapePool(int threads) {
        super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new Named());
        allowCoreThreadTimeOut(true);
    }

    private static int threads() {
        String v = AgentEnvironment.lookup("OPENAGENT_SCRAPE_THREADS");
        try {
            return v == null ? 16 : Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 16;
        }
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "openagent-scrape-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
