package io.openagent.scrape;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The headers a scrape exchanges with its target. The request carries exactly what
 * {@code prepareRequest} set (Accept, the scrape timeout, the target's own Authorization), never a
 * Camel header; of the response only Content-Type is read (it chooses the parser). Mapping every
 * response header into the message, through camel-http's general-purpose filter, cost more than
 * reading the body's first lines.
 */
public final class ScrapeHeaders implements HeaderFilterStrategy {
    /** The registry name the scrape endpoints refer to. */
    public static final String BEAN = "openagentScrapeHeaders";

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName.regionMatches(true, 0, "Camel", 0, 5);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !Exchange.CONTENT_TYPE.equalsIgnoreCase(headerName);
    }
}
