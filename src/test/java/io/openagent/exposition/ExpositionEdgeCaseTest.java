package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of edge cases from the Prometheus text format 0.0.4 and OpenMetrics 1.0 specifications.
 * Each row is (format, input, expected): expected is either the samples the parser must produce,
 * rendered as {@code name{k=v,...} value [@ms]} and joined by " | ", or {@code ERR line:col text}
 * naming where and why the input is invalid.
 */
class ExpositionEdgeCaseTest {
    private static final String T = "text";
    private static final String OM = "om";

    static Stream<Arguments> cases() {
        return Stream.of(
                // --- Prometheus text format: valid ---
                c(T, "a 1", "a{} 1.0"),
                c(T, "a 1\n", "a{} 1.0"),
                c(T, "a{} 1", "a{} 1.0"),
                c(T, "a{b=\"c\"} 1", "a{b=c} 1.0"),
                c(T, "a{b=\"c\",} 1", "a{b=c} 1.0"),
                c(T, "a{b=\"c\",d=\"e\"} 1", "a{b=c,d=e} 1.0"),
                c(T, "a{b=\"c\", d=\"e\"} 1", "a{b=c,d=e} 1.0"),
                c(T, "a{ b = \"c\" , d=\"e\" } 1", "a{b=c,d=e} 1.0"),
                c(T, "a { b=\"c\"} 1", "a{b=c} 1.0"),
                c(T, "a{b=\"c\"}1", "a{b=c} 1.0"),
                c(T, "a\t1", "a{} 1.0"),
                c(T, "a  1   ", "a{} 1.0"),
                c(T, "   a 1", "a{} 1.0"),
                c(T, "a 1 1500000000000", "a{} 1.0 @1500000000000"),
                c(T, "a 1 -1", "a{} 1.0 @-1"),
                c(T, "a{b=\"c,d}\"} 1", "a{b=c,d}} 1.0"),
                c(T, "a{b=\"x\\\\y\"} 1", "a{b=x\\y} 1.0"),
                c(T, "a{b=\"x\\\"y\"} 1", "a{b=x\"y} 1.0"),
                c(T, "a{b=\"x\\ny\"} 1", "a{b=x\ny} 1.0"),
                c(T, "a{b=\"x\\ty\"} 1", "a{b=x\\ty} 1.0"),
                c(T, "a{b=\"와탭\"} 1", "a{b=와탭} 1.0"),
                c(T, "a{b=\"\"} 1", "a{b=} 1.0"),
                c(T, "a NaN", "a{} NaN"),
                c(T, "a nan", "a{} NaN"),
                c(T, "a +Inf", "a{} Infinity"),
                c(T, "a -Inf", "a{} -Infinity"),
                c(T, "a Inf", "a{} Infinity"),
                c(T, "a +inf", "a{} Infinity"),
                c(T, "a -Infinity", "a{} -Infinity"),
                c(T, "a 1e3", "a{} 1000.0"),
                c(T, "a 1E-3", "a{} 0.001"),
                c(T, "a -0.5", "a{} -0.5"),
                c(T, "a .5", "a{} 0.5"),
                c(T, "a 5.", "a{} 5.0"),
                c(T, "a 0x1p4", "a{} 16.0"),
                c(T, "a 12345678901234567890", "a{} 1.2345678901234567E19"),
                c(T, "a 0.1", "a{} 0.1"),
                c(T, "a 1.7976931348623157e308", "a{} 1.7976931348623157E308"),
                c(T, "a:b_c 1", "a:b_c{} 1.0"),
                c(T, "_a 1", "_a{} 1.0"),
                c(T, "# a comment\na 1", "a{} 1.0"),
                c(T, "#HELP a not metadata\na 1", "a{} 1.0"),
                c(T, "\n\na 1\n\n", "a{} 1.0"),
                c(T, "a 1\r\nb 2\r\n", "a{} 1.0 | b{} 2.0"),
                c(T, "# HELP a help\n# TYPE a counter\na 1", "a{} 1.0"),
                c(T, "# TYPE a untyped\na 1", "a{} 1.0"),
                c(T, "# HELP a\na 1", "a{} 1.0"),
                c(T, "# UNIT a seconds\na 1", "a{} 1.0"),
                c(T, "# EOF\na 1", "a{} 1.0"),
                c(T, "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2",
                        "h_bucket{le=0.5} 1.0 | h_bucket{le=+Inf} 2.0 | h_sum{} 3.0 | h_count{} 2.0"),
                c(T, "# TYPE s summary\ns{quantile=\"0.9\"} 1\ns_sum 3\ns_count 2", "s{quantile=0.9} 1.0 | s_sum{} 3.0 | s_count{} 2.0"),
                c(T, "{\"my.metric\"} 1", "my.metric{} 1.0"),
                c(T, "{\"my.metric\",\"a.b\"=\"x\"} 1", "my.metric{a.b=x} 1.0"),
                c(T, "{\"my.metric\", \"a.b\"=\"x\"} 1", "my.metric{a.b=x} 1.0"),
                c(T, "a{\"a b\"=\"x\"} 1", "a{a b=x} 1.0"),
                c(T, "# TYPE \"my.metric\" gauge\n{\"my.metric\"} 1", "my.metric{} 1.0"),
                c(T, "a{b=\"1\"} 1\na{b=\"2\"} 2", "a{b=1} 1.0 | a{b=2} 2.0"),
                // --- Prometheus text format: invalid ---
                c(T, "a", "ERR 1:2 expected a value"),
                c(T, "a ", "ERR 1:3 expected a value"),
                c(T, "1a 1", "ERR 1:1 expected a metric name"),
                c(T, "a{b=\"c\" 1", "ERR 1:9 expected ',' or '}'"),
                c(T, "a{b=c} 1", "ERR 1:5 expected '\"'"),
                c(T, "a{b} 1", "ERR 1:4 expected '='"),
                c(T, "a{1b=\"c\"} 1", "ERR 1:3 invalid label name"),
                c(T, "a{b=\"c\",b=\"d\"} 1", "ERR 1:9 duplicate label name"),
                c(T, "a{b=\"c} 1", "ERR 1:5 unterminated quoted string"),
                c(T, "a 1 2 3", "ERR 1:7 unexpected"),
                c(T, "a 1 1.5", "ERR 1:5 invalid timestamp"),
                c(T, "a abc", "ERR 1:3 invalid value"),
                c(T, "a 1d", "ERR 1:3 invalid value"),
                c(T, "a 1f", "ERR 1:3 invalid value"),
                c(T, "a 0x1", "ERR 1:3 invalid value"),
                c(T, "a 1_000", "ERR 1:3 invalid value"),
                c(T, "a 1 # {x=\"y\"} 1", "ERR 1:5 invalid timestamp"),
                c(T, "# TYPE a foo\na 1", "ERR 1:10 invalid metric type"),
                c(T, "# TYPE a info\na 1", "ERR 1:10 invalid metric type"),
                c(T, "# TYPE a counter\n# TYPE a counter\na 1", "ERR 2:8 second TYPE line"),
                c(T, "# HELP a x\n# HELP a y\na 1", "ERR 2:8 second HELP line"),
                c(T, "# TYPE h histogram\nh_bucket 1", "ERR 2:1 lacks the le label"),
                c(T, "# TYPE h histogram\nh_bucket{le=\"x\"} 1", "ERR 2:1 invalid le label value"),
                c(T, "# TYPE s summary\ns 1", "ERR 2:1 lacks the quantile label"),
                c(T, "a{b=\"\u0000\"} 1\nb{x=\"\\xff\"} 1", "a{b=\u0000} 1.0 | b{x=\\xff} 1.0"),
                c(T, "{\"a\",\"b\"} 1", "ERR 1:6 metric name given twice"),
                c(T, "a{\"b\"} 1", "ERR 1:3 metric name given twice"),
                c(T, "{} 1", "ERR 1:3 sample without a metric name"),
                c(T, "a{\"\"=\"x\"} 1", "ERR 1:3 empty label name"),
                c(T, "# TYPE\na 1", "ERR 1:7 expected a metric name"),
                // --- OpenMetrics: valid ---
                c(OM, "a 1\n# EOF\n", "a{} 1.0"),
                c(OM, "a 1\n# EOF", "a{} 1.0"),
                c(OM, "# TYPE a counter\na_total 1\na_created 1.5e9\n# EOF", "a_total{} 1.0 | a_created{} 1.5E9"),
                c(OM, "a 1 1520879607.789\n# EOF", "a{} 1.0 @1520879607789"),
                c(OM, "a 1 1520879607\n# EOF", "a{} 1.0 @1520879607000"),
                c(OM, "a 1 1.5e9\n# EOF", "a{} 1.0 @1500000000000"),
                c(OM, "a 1 0.0005\n# EOF", "a{} 1.0 @1"),
                c(OM, "a 1 -1.25\n# EOF", "a{} 1.0 @-1250"),
                c(OM, "# TYPE a counter\na_total 1 # {trace_id=\"abc\"} 1.0\n# EOF", "a_total{} 1.0"),
                c(OM, "# TYPE a counter\na_total 1 1520879607.789 # {trace_id=\"abc\"} 1.0 1520879607.7\n# EOF",
                        "a_total{} 1.0 @1520879607789"),
                c(OM, "# TYPE a gauge\n# UNIT a_seconds seconds\na_seconds 1\n# EOF", "a_seconds{} 1.0"),
                c(OM, "# TYPE a_seconds gauge\n# UNIT a_seconds seconds\n# HELP a_seconds Some \\\"help\\\"\\n\na_seconds 1\n# EOF",
                        "a_seconds{} 1.0"),
                c(OM, "# TYPE i info\ni_info{version=\"1\"} 1\n# EOF", "i_info{version=1} 1.0"),
                c(OM, "# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# EOF", "s{s=a} 1.0 | s{s=b} 0.0"),
                c(OM, "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\ng_bucket{le=\"+Inf\"} 1\ng_gcount 1\ng_gsum 1\n# EOF",
                        "g_bucket{le=1} 1.0 | g_bucket{le=+Inf} 1.0 | g_gcount{} 1.0 | g_gsum{} 1.0"),
                c(OM, "# TYPE u unknown\nu 1\n# EOF", "u{} 1.0"),
                c(OM, "a{b=\"c\",d=\"e\"} +Inf\n# EOF", "a{b=c,d=e} Infinity"),
                c(OM, "{\"my.metric\",\"a.b\"=\"x\"} 1\n# EOF", "my.metric{a.b=x} 1.0"),
                // --- OpenMetrics: invalid ---
                c(OM, "a 1", "ERR 2:0 missing # EOF"),
                c(OM, "a 1\n\n# EOF", "ERR 2:1 empty line"),
                c(OM, "a 1\n# EOF\na 2", "ERR 3:1 content after # EOF"),
                c(OM, "a 1\n# EOF\n\n", "ERR 3:1 content after # EOF"),
                c(OM, "# comment\na 1\n# EOF", "ERR 1:3 unknown OpenMetrics comment"),
                c(OM, "#TYPE a gauge\n# EOF", "ERR 1:1 OpenMetrics comments must be"),
                c(OM, "# TYPE a untyped\n# EOF", "ERR 1:10 invalid metric type"),
                c(OM, "# TYPE a Counter\n# EOF", "ERR 1:10 invalid metric type"),
                c(OM, "a  1\n# EOF", "ERR 1:3 expected a value"),
                c(OM, "a\t1\n# EOF", "ERR 1:2 expected a blank"),
                c(OM, "a 1 1 \n# EOF", "ERR 1:6 unexpected"),
                c(OM, "a{b=\"x\\ty\"} 1\n# EOF", "ERR 1:7 invalid escape"),
                c(OM, "a 1 # {x=\"y\"}\n# EOF", "ERR 1:14 expected a blank then the exemplar value"),
                c(OM, "a 1 # x\n# EOF", "ERR 1:5 expected \" # {\""),
                c(OM, "a 1 # {x=\"" + "y".repeat(128) + "\"} 1\n# EOF", "ERR 1:8 exemplar labels are 129 characters"),
                c(OM, "a 1 abc\n# EOF", "ERR 1:5 invalid timestamp"),
                c(OM, "# TYPE a gauge\n# UNIT a seconds\n# EOF", "ERR 2:10 unit \"seconds\" is not a suffix"),
                c(OM, "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF", "ERR 5:1 not contiguous"),
                c(OM, "# TYPE a gauge\na 1\n# HELP a late\n# EOF", "ERR 3:8 after its samples"),
                c(OM, "a 1\nb 1\na 1\n# EOF", "ERR 3:1 not contiguous"),
                c(OM, "# EOF trailing", "ERR 1:6 # EOF takes nothing"),
                c(OM, "# TYPE a counter\na 1\n# EOF", "ERR 2:1 does not fit its counter family"));
    }

    private static Arguments c(String format, String input, String expected) {
        return Arguments.of(format, input, expected);
    }

    private static String render(Sample s) {
        StringBuilder sb = new StringBuilder(s.name()).append('{');
        for (int i = 0; i < s.labelCount(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(s.labelName(i)).append('=').append(s.labelValue(i));
        }
        sb.append("} ").append(s.value());
        if (s.hasTimestamp()) {
            sb.append(" @").append(s.timestampMs());
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("cases")
    void edgeCase(String format, String input, String expected) throws Exception {
        ExpositionFormat f = format.equals(OM) ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
        byte[] body = input.replace("\\xff", "\\xff").getBytes(StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        if (expected.startsWith("ERR ")) {
            String[] parts = expected.split(" ", 3);
            String[] lc = parts[1].split(":");
            ExpositionException e = assertThrows(ExpositionException.class,
                    () -> new ExpositionReader().read(new ByteArrayInputStream(body), f, s -> got.add(render(s))),
                    () -> "accepted invalid input, produced " + got);
            assertEquals(Integer.parseInt(lc[0]), e.line(), e.getMessage());
            if (!lc[1].equals("0")) {
                assertEquals(Integer.parseInt(lc[1]), e.column(), e.getMessage());
            }
            assertTrue(e.getMessage().contains(parts[2]), e.getMessage());
        } else {
            new ExpositionReader().read(new ByteArrayInputStream(body), f, s -> got.add(render(s)));
            assertEquals(expected, String.join(" | ", got));
        }
    }

    @org.junit.jupiter.api.Test
    void tableIsLargeEnough() {
        assertTrue(cases().count() >= 80, "the edge case table must keep at least 80 rows");
    }
}
