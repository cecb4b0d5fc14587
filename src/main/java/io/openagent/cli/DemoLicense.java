package io.openagent.cli;

import io.openagent.wire.License;
import java.nio.charset.StandardCharsets;

/**
 * The built-in demo license of the local mode and the bundled collector: PCODE 1 and a fixed key.
 * It only opens sessions with the local collector; it is not a WhaTap account and holds no secret.
 */
public final class DemoLicense {
    public static final long PCODE = 1;
    public static final String LICENSE = License.build(PCODE, "openagent-demo16".getBytes(StandardCharsets.US_ASCII), 0L);

    private DemoLicense() {
    }
}
