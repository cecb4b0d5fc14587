package io.openagent.scrape;

/** A scrape that failed for a stated reason (HTTP status, timeout, limit); reported as up=0. */
public class ScrapeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ScrapeFailure(String reason) {
        super(reason);
    }
}
