package io.openagent.exposition;

import io.openagent.wire.Pack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one {@code io.prometheus.client.MetricFamily} protobuf message (the delimited exposition
 * format) and flattens it exactly like the text form: counters, gauges and untyped give one sample;
 * summaries give {@code name{quantile=…}}, {@code name_sum}, {@code name_count}; classic histograms
 * give {@code name_bucket{le=…}} (with a {@code +Inf} bucket added when missing), {@code name_sum}
 * and {@code name_count}. {@code le} and {@code quantile} are formatted as Go exporters print them.
 * Native histograms (a histogram with schema/spans) go to {@link ExpositionHandler#nativeHistogram}.
 */
public final class ProtobufParser {
    private static final int COUNTER = 0, GAUGE = 1, SUMMARY = 2, UNTYPED = 3, HISTOGRAM = 4, GAUGE_HISTOGRAM = 5;

    private final ExpositionHandler handler;
    private final Sample s = new Sample();
    private final List<MetricFamily> families = new ArrayList<>();
    private final Map<String, MetricFamily> byName = new LinkedHashMap<>();
    private long samples;
    private int messages;

    public ProtobufParser(ExpositionHandler handler) {
        this.handler = handler;
    }

    public List<MetricFamily> families() {
        return families;
    }

    public long samples() {
        return samples;
    }

    /** A bounds-checked protobuf reader over one message. */
    private final class Reader {
        final byte[] b;
        int p;
        final int end;

        Reader(byte[] b, int off, int len) {
            this.b = b;
            this.p = off;
            this.end = off + len;
        }

        boolean more() {
            return p < end;
        }

        long varint() throws ExpositionException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (p >= end) {
                    throw fail("truncated varint");
                }
                byte x = b[p++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw fail("varint longer than 10 bytes");
        }

        double fixed64() throws ExpositionException {
            if (end - p < 8) {
                throw fail("truncated double");
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (b[p + i] & 0xff);
            }
            p += 8;
            return Double.longBitsToDouble(v);
        }

        int length() throws ExpositionException {
            long n = varint();
            if (n < 0 || n > end - p) {
                throw fail("length " + n + " beyond the message");
            }
            return (int) n;
        }

        Reader sub() throws ExpositionException {
            int n = length();
            Reader r = new Reader(b, p, n);
            p += n;
            return r;
        }

        String string() throws ExpositionException {
            int n = length();
            String str = new String(b, p, n, StandardCharsets.UTF_8);
            p += n;
            return str;
        }

        void skip(int wireType) throws ExpositionException {
            switch (wireType) {
                case 0: varint(); break;
                case 1: if (end - p < 8) { throw fail("truncated field"); } p += 8; break;
                case 2: p += length(); break;
                case 5: if (end - p < 4) { throw fail("truncated field"); } p += 4; break;
                default: throw fail("unsupported wire type " + wireType);
            }
        }
    }

    private ExpositionException fail(String reason) {
        return new ExpositionException(0, 0, "protobuf MetricFamily #" + messages + ": " + reason);
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Parses one MetricFamily message. */
    public void message(byte[] b, int off, int len) throws ExpositionException {
        messages++;
        Reader r = new Reader(b, off, len);
        String name = null;
        String help = null;
        String unit = null;
        int type = UNTYPED;
        List<Reader> metrics = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (field == 1 && wt == 2) {
                name = r.string();
            } else if (field == 2 && wt == 2) {
                help = r.string();
            } else if (field == 3 && wt == 0) {
                type = (int) r.varint();
            } else if (field == 4 && wt == 2) {
                metrics.add(r.sub());
            } else if (field == 5 && wt == 2) {
                unit = r.string();
            } else {
                r.skip(wt);
            }
        }
        if (name == null || name.isEmpty()) {
            throw fail("MetricFamily without a name");
        }
        if (byName.containsKey(name)) {
            throw fail("MetricFamily " + name + " appears twice");
        }
        MetricFamily f = new MetricFamily(name);
        byName.put(name, f);
        families.add(f);
        if (help != null) {
            f.help(help);
        }
        if (unit != null && !unit.isEmpty()) {
            f.unit(unit);
        }
        f.type(switch (type) {
            case COUNTER -> MetricType.COUNTER;
            case GAUGE -> MetricType.GAUGE;
            case SUMMARY -> MetricType.SUMMARY;
            case HISTOGRAM -> MetricType.HISTOGRAM;
            case GAUGE_HISTOGRAM -> MetricType.GAUGE_HISTOGRAM;
            default -> MetricType.UNKNOWN;
        });
        for (Reader m : metrics) {
            metric(f, type, m);
        }
    }

    private void metric(MetricFamily f, int type, Reader m) throws ExpositionException {
        List<String> labels = new ArrayList<>();
        Reader value = null;
        int valueField = -1;
        boolean hasTs = false;
        long ts = 0;
        while (m.more()) {
            long tag = m.varint();
            int field = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (field == 1 && wt == 2) {
                Reader lp = m.sub();
                String ln = "";
                String lv = "";
                while (lp.more()) {
                    long t = lp.varint();
                    if ((t >>> 3) == 1 && (t & 7) == 2) {
                        ln = lp.string();
                    } else if ((t >>> 3) == 2 && (t & 7) == 2) {
                        lv = lp.string();
                    } else {
                        lp.skip((int) (t & 7));
                    }
                }
                if (ln.isEmpty()) {
                    throw fail("empty label name in " + f.name());
                }
                for (int i = 0; i < labels.size(); i += 2) {
                    if (labels.get(i).equals(ln)) {
                        throw fail("duplicate label " + ln + " in " + f.name());
                    }
                }
                labels.add(ln);
                labels.add(lv);
            } else if ((field == 2 || field == 3 || field == 4 || field == 5 || field == 7) && wt == 2) {
                value = m.sub();
                valueField = field;
            } else if (field == 6 && wt == 0) {
                ts = m.varint();
                hasTs = true;
            } else {
                m.skip(wt);
            }
        }
        if (value == null) {
            value = new Reader(new byte[0], 0, 0);
            valueField = type == COUNTER ? 3 : type == GAUGE ? 2 : type == SUMMARY ? 4 : type >= HISTOGRAM ? 7 : 5;
        }
        switch (valueField) {
            case 2, 3, 5 -> {
                double v = 0;
                while (value.more()) {
                    long t = value.varint();
                    if ((t >>> 3) == 1 && (t & 7) == 1) {
                        v = value.fixed64();
                    } else {
                        value.skip((int) (t & 7));
                    }
                }
                emit(f, f.name(), labels, null, null, v, hasTs, ts);
            }
            case 4 -> summary(f, labels, value, hasTs, ts);
            default -> histogram(f, labels, value, hasTs, ts);
        }
    }

    private void summary(MetricFamily f, List<String> labels, Reader r, boolean hasTs, long ts) throws ExpositionException {
        long count = 0;
        double sum = 0;
        List<double[]> quantiles = new ArrayList<>();
        while (r.more()) {
            long t = r.varint();
            int field = (int) (t >>> 3);
            int wt = (int) (t & 7);
            if (field == 1 && wt == 0) {
                count = r.varint();
            } else if (field == 2 && wt == 1) {
                sum = r.fixed64();
            } else if (field == 3 && wt == 2) {
                Reader q = r.sub();
                double quantile = 0;
                double v = 0;
                while (q.more()) {
                    long qt = q.varint();
                    if ((qt >>> 3) == 1 && (qt & 7) == 1) {
                        quantile = q.fixed64();
                    } else if ((qt >>> 3) == 2 && (qt & 7) == 1) {
                        v = q.fixed64();
                    } else {
                        q.skip((int) (qt & 7));
                    }
                }
                quantiles.add(new double[] {quantile, v});
            } else {
                r.skip(wt);
            }
        }
        for (double[] q : quantiles) {
            emit(f, f.name(), labels, "quantile", formatGo(q[0]), q[1], hasTs, ts);
        }
        emit(f, f.name() + "_sum", labels, null, null, sum, hasTs, ts);
        emit(f, f.name() + "_count", labels, null, null, unsigned(count), hasTs, ts);
    }

    private void histogram(MetricFamily f, List<String> labels, Reader r, boolean hasTs, long ts) throws ExpositionException {
        long count = 0;
        double countFloat = 0;
        double sum = 0;
        List<double[]> buckets = new ArrayList<>();
        int schema = 0;
        boolean nativeFields = false;
        double zeroThreshold = 0;
        long zeroCount = 0;
        double zeroCountFloat = 0;
        List<Pack.Span> negSpans = new ArrayList<>();
        List<Pack.Span> posSpans = new ArrayList<>();
        LongList negDelta = new LongList();
        LongList posDelta = new LongList();
        DoubleList negCount = new DoubleList();
        DoubleList posCount = new DoubleList();
        while (r.more()) {
            long t = r.varint();
            int field = (int) (t >>> 3);
            int wt = (int) (t & 7);
            switch (field) {
                case 1 -> { if (wt != 0) { r.skip(wt); } else { count = r.varint(); } }
                case 4 -> { if (wt != 1) { r.skip(wt); } else { countFloat = r.fixed64(); } }
                case 2 -> { if (wt != 1) { r.skip(wt); } else { sum = r.fixed64(); } }
                case 3 -> {
                    if (wt != 2) {
                        r.skip(wt);
                        break;
                    }
                    Reader bk = r.sub();
                    double cumulative = 0;
                    double cumulativeFloat = 0;
                    double upper = 0;
                    while (bk.more()) {
                        long bt = bk.varint();
                        int bf = (int) (bt >>> 3);
                        if (bf == 1 && (bt & 7) == 0) {
                            cumulative = unsigned(bk.varint());
                        } else if (bf == 4 && (bt & 7) == 1) {
                            cumulativeFloat = bk.fixed64();
                        } else if (bf == 2 && (bt & 7) == 1) {
                            upper = bk.fixed64();
                        } else {
                            bk.skip((int) (bt & 7));
                        }
                    }
                    buckets.add(new double[] {upper, cumulativeFloat > 0 ? cumulativeFloat : cumulative});
                }
                case 5 -> { nativeFields = true; schema = (int) zigzag(r.varint()); }
                case 6 -> { nativeFields = true; zeroThreshold = r.fixed64(); }
                case 7 -> { nativeFields = true; zeroCount = r.varint(); }
                case 8 -> { nativeFields = true; zeroCountFloat = r.fixed64(); }
                case 9, 12 -> {
                    nativeFields = true;
                    Reader sp = r.sub();
                    int offset = 0;
                    int length = 0;
                    while (sp.more()) {
                        long st = sp.varint();
                        if ((st >>> 3) == 1 && (st & 7) == 0) {
                            offset = (int) zigzag(sp.varint());
                        } else if ((st >>> 3) == 2 && (st & 7) == 0) {
                            length = (int) sp.varint();
                        } else {
                            sp.skip((int) (st & 7));
                        }
                    }
                    (field == 9 ? negSpans : posSpans).add(new Pack.Span(offset, length));
                }
                case 10, 13 -> {
                    nativeFields = true;
                    LongList target = field == 10 ? negDelta : posDelta;
                    if (wt == 2) {
                        Reader packed = r.sub();
                        while (packed.more()) {
                            target.add(zigzag(packed.varint()));
                        }
                    } else {
                        target.add(zigzag(r.varint()));
                    }
                }
                case 11, 14 -> {
                    nativeFields = true;
                    DoubleList target = field == 11 ? negCount : posCount;
                    if (wt == 2) {
                        Reader packed = r.sub();
                        while (packed.more()) {
                            target.add(packed.fixed64());
                        }
                    } else {
                        target.add(r.fixed64());
                    }
                }
                default -> r.skip(wt);
            }
        }
        double totalCount = countFloat > 0 ? countFloat : unsigned(count);
        if (nativeFields && (!posSpans.isEmpty() || !negSpans.isEmpty() || zeroThreshold > 0 || zeroCount > 0 || zeroCountFloat > 0)) {
            Map<String, String> lm = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i += 2) {
                lm.put(labels.get(i), labels.get(i + 1));
            }
            handler.nativeHistogram(new NativeHistogram(f, f.name(), lm, hasTs, ts, schema, zeroThreshold,
                    zeroCountFloat > 0 ? zeroCountFloat : unsigned(zeroCount), totalCount, sum, posSpans, posDelta.toArray(),
                    posCount.toArray(), negSpans, negDelta.toArray(), negCount.toArray()));
            f.countSample();
            if (buckets.isEmpty()) {
                return; // a purely native histogram has no classic series
            }
        }
        String bucketName = f.name() + "_bucket";
        boolean sawInf = false;
        for (double[] bk : buckets) {
            sawInf |= bk[0] == Double.POSITIVE_INFINITY;
            emit(f, bucketName, labels, "le", formatGo(bk[0]), bk[1], hasTs, ts);
        }
        if (!sawInf) {
            emit(f, bucketName, labels, "le", "+Inf", totalCount, hasTs, ts);
        }
        emit(f, f.name() + "_sum", labels, null, null, sum, hasTs, ts);
        emit(f, f.name() + "_count", labels, null, null, totalCount, hasTs, ts);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private void emit(MetricFamily f, String name, List<String> labels, String extraName, String extraValue, double value,
                      boolean hasTs, long ts) throws ExpositionException {
        s.clear();
        byte[] nb = name.getBytes(StandardCharsets.UTF_8);
        s.nameOff = s.append(nb, 0, nb.length);
        s.nameLen = nb.length;
        for (int i = 0; i < labels.size(); i += 2) {
            addLabel(labels.get(i), labels.get(i + 1));
        }
        if (extraName != null) {
            addLabel(extraName, extraValue);
        }
        s.value = value;
        s.hasTimestamp = hasTs;
        s.timestampMs = ts;
        s.family = f;
        s.line = 0;
        samples++;
        f.countSample();
        handler.sample(s);
    }

    private void addLabel(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        int idx = s.addLabel(s.append(n, 0, n.length), n.length);
        s.labelValueOff[idx] = s.append(v, 0, v.length);
        s.labelValueLen[idx] = v.length;
    }

    /**
     * Formats a float the way Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does for le and
     * quantile labels: shortest round-trip digits, exponent form below 1e-4 and from 1e21 on.
     */
    public static String formatGo(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = d.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (v < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            return sb.append(ae).toString();
        }
        return d.toPlainString();
    }

    private static final class LongList {
        long[] a = new long[8];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static final class DoubleList {
        double[] a = new double[8];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
