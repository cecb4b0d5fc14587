package io.openagent.openmx;

import io.openagent.exposition.ExpositionException;

/** A scrape broke a configured limit; it fails as a whole and nothing of it is sent. */
public class ScrapeLimitException extends ExpositionException {
    private static final long serialVersionUID = 1L;

    public ScrapeLimitException(int line, String reason) {
        super(line, 0, reason);
    }
}
