package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which sample names belong to a family of each type: the suffixes the two specifications allow. */
class MetricTypeSuffixTest {
    private static final String[] SUFFIXES = {"", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
            "_tota", "_totals", "_Total", "total", "_bucket_", "_x", "_", "_summ"};

    private static String accepted(MetricType t, boolean openMetrics) {
        List<String> out = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            byte[] b = ("name" + suffix).getBytes(StandardCharsets.US_ASCII);
            if (t.acceptsSuffix(MetricType.suffix(b, 4, b.length - 4), openMetrics)) {
                out.add(suffix.isEmpty() ? "(none)" : suffix);
            }
        }
        return String.join(" ", out);
    }

    @Test
    void theTextFormat() {
        assertEquals("(none) _total _created", accepted(MetricType.COUNTER, false));
        assertEquals("(none)", accepted(MetricType.GAUGE, false));
        assertEquals("_created _bucket _count _sum", accepted(MetricType.HISTOGRAM, false));
        assertEquals("(none) _created _count _sum", accepted(MetricType.SUMMARY, false));
        assertEquals("(none)", accepted(MetricType.UNKNOWN, false));
    }

    @Test
    void openMetrics() {
        assertEquals("_total _created", accepted(MetricType.COUNTER, true));
        assertEquals("(none)", accepted(MetricType.GAUGE, true));
        assertEquals("_created _bucket _count _sum", accepted(MetricType.HISTOGRAM, true));
        assertEquals("_bucket _gcount _gsum", accepted(MetricType.GAUGE_HISTOGRAM, true));
        assertEquals("(none) _created _count _sum", accepted(MetricType.SUMMARY, true));
        assertEquals("_info", accepted(MetricType.INFO, true));
        assertEquals("(none)", accepted(MetricType.STATESET, true));
        assertEquals("(none)", accepted(MetricType.UNKNOWN, true));
    }
}
