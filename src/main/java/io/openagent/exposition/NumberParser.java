package io.openagent.exposition;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Parses sample values and timestamps straight from bytes. The common decimal forms are converted
 * without allocating: short integers eight bytes at once, a significand that fits 2^53 with a power
 * of ten of at most 22 by one IEEE multiplication or division (correctly rounded), and up to 18
 * significant digits — Go's 17-digit round-trip form included — exactly in integer arithmetic.
 * Anything else falls back to the JDK after the syntax has been checked, so Java-only spellings
 * such as {@code 1d} are refused the way Go's {@code strconv.ParseFloat} refuses them.
 */
final class NumberParser {
    /** Returned by the parse methods when the token is not a number; callers turn it into an error. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super(null, null, false, false);
        }
    }

    private static final double[] POW10 = new double[23];
    private static final long ASCII_ZEROS = 0x3030303030303030L;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private NumberParser() {
    }

    /** A float in Go's syntax: decimal, exponent, hex float, or (any case) Inf, Infinity, NaN with a sign. */
    static double parseDouble(byte[] b, int off, int end) throws Invalid {
        // What exporters nearly always write — "17949", "0.67", "-3.5", "1.6777216e+07": at most
        // 18 digits and a short exponent — in one pass without per-digit bookkeeping; anything
        // else (and anything this pass is unsure of) the general way.
        double v = plainDecimal(b, off, end);
        return v == v ? v : parseGeneral(b, off, end);
    }

    /**
     * The value of {@code b[off, end)} when it is a plain decimal that converts exactly in one
     * pass — what {@link #parseDouble} tries first — else NaN (a NaN is never written that way):
     * then the bytes may still be a number, or may not be one.
     */
    static double plainDecimal(byte[] b, int off, int end) {
        int len = end - off;
        if (len > 0 && len <= 8 && off + 8 <= b.length) {
            // Most values are small integers ("0", "1", "835112"): all eight at once, no branch per
            // digit (the length changes from value to value, and each loop exit would be mispredicted).
            long x = ByteScan.longAt(b, off);
            int missing = 8 - len;
            // the token moved to the top bytes (the first byte is the lowest), the bytes below read as '0'
            long t = (x << (missing << 3)) | (ASCII_ZEROS >>> (len << 2) >>> (len << 2));
            if (((t & 0xF0F0F0F0F0F0F0F0L) | (((t + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4)) == 0x3333333333333333L) {
                return eightDigits(t);
            }
        }
        int p = off;
        boolean negative = p < end && b[p] == '-';
        if (negative) {
            p++;
        }
        int digitsFrom = p;
        long m = 0;
        int d;
        while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            p++;
        }
        int intDigits = p - digitsFrom;
        int fraction = 0;
        if (p < end && b[p] == '.') {
            int from = ++p;
            while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                p++;
            }
            fraction = p - from;
        }
        int exp10 = -fraction;
        if (p + 1 < end && (b[p] == 'e' || b[p] == 'E')) {
            // Go writes large and small values as "1.6777216e+07": a sign and two or three digits
            int q = p + 1;
            boolean expNegative = b[q] == '-';
            if (expNegative || b[q] == '+') {
                q++;
            }
            int e = 0;
            int from = q;
            while (q < end && q - from < 4 && (d = b[q] - '0') >= 0 && d <= 9) {
                e = e * 10 + d;
                q++;
            }
            if (q > from) {
                exp10 += expNegative ? -e : e;
                p = q;
            }
        }
        if (p == end && intDigits + fraction > 0 && intDigits + fraction <= 18 && m <= (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            // Clinger's fast path (see below)
            double v = exp10 == 0 ? m : exp10 > 0 ? m * POW10[exp10] : m / POW10[-exp10];
            return negative ? -v : v;
        }
        return Double.NaN;
    }

    /**
     * The value of eight ASCII digits read as a little-endian long: combined in pairs, then
     * fours, then eights, one multiplication each (10 × 2^8 + 1, 100 × 2^16 + 1, 10^4 × 2^32 + 1).
     */
    private static long eightDigits(long ascii) {
        long v = ascii & 0x0F0F0F0F0F0F0F0FL;
        v = (v * 2561) >>> 8;
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
        return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
    }

    private static double parseGeneral(byte[] b, int off, int end) throws Invalid {
        if (off >= end) {
            throw Invalid.INSTANCE;
        }
        int p = off;
        boolean negative = false;
        if (b[p] == '+' || b[p] == '-') {
            negative = b[p] == '-';
            p++;
        }
        if (p >= end) {
            throw Invalid.INSTANCE;
        }
        byte c = b[p];
        if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
            return special(b, off, p, end, negative);
        }
        if (c == '0' && p + 1 < end && (b[p + 1] == 'x' || b[p + 1] == 'X')) {
            return hexFloat(b, off, p + 2, end);
        }
        long mantissa = 0;
        int significant = 0;
        int exp10 = 0;
        boolean digits = false;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            digits = true;
            if (significant > 0 || b[p] != '0') {
                if (significant < 19) {
                    mantissa = mantissa * 10 + (b[p] - '0');
                } else {
                    exp10++;
                }
                significant++;
            }
            p++;
        }
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                digits = true;
                if (significant > 0 || b[p] != '0') {
                    if (significant < 19) {
                        mantissa = mantissa * 10 + (b[p] - '0');
                        exp10--;
                    }
                    significant++;
                } else {
                    exp10--;
                }
                p++;
            }
        }
        if (!digits) {
            throw Invalid.INSTANCE;
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean expNegative = false;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                expNegative = b[p] == '-';
                p++;
            }
            if (p >= end) {
                throw Invalid.INSTANCE;
            }
            int e = 0;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                if (e < 100000) {
                    e = e * 10 + (b[p] - '0');
                }
                p++;
            }
            exp10 += expNegative ? -e : e;
        }
        if (p != end) {
            throw Invalid.INSTANCE;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Clinger's fast path: a mantissa of at most 2^53 (16 digits at most, so the long did not
        // overflow) and 10^|e| for |e| ≤ 22 are exact doubles: one multiplication or division
        // rounds once, correctly.
        if (significant <= 16 && mantissa <= (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -v : v;
        }
        // Go writes a float64 with as many digits as it takes to read back exactly: often 17
        // ("1.7953161356695483e+09"), which Clinger's path cannot take. Up to 18 digits and a
        // power of ten whose power of five fits a long, integer arithmetic gives the exact value.
        if (significant <= 18 && exp10 >= -MAX_EXACT_DIVISOR_POWER && exp10 <= MAX_EXACT_FACTOR_POWER) {
            double v = exactDecimal(mantissa, exp10);
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, off, end - off, StandardCharsets.US_ASCII));
    }

    /** 5^27 < 2^63: the largest power of five a product with it is taken exactly in 128 bits. */
    private static final int MAX_EXACT_FACTOR_POWER = 27;
    /**
     * 5^26 < 2^61: a remainder below it has three leading zero bits, so each step of the long
     * division takes at least two more bits of the quotient and still fits a positive long.
     */
    private static final int MAX_EXACT_DIVISOR_POWER = 26;
    private static final long[] POW5 = new long[MAX_EXACT_FACTOR_POWER + 1];

    static {
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
    }

    /**
     * {@code m × 10^e} correctly rounded, for {@code 0 < m < 10^18} and e within
     * [-{@link #MAX_EXACT_DIVISOR_POWER}, {@link #MAX_EXACT_FACTOR_POWER}]: 10^e = 5^e × 2^e, and
     * the power of two is only the exponent. For e ≥ 0 the product m × 5^e is taken exactly (128
     * bits); for e < 0 the quotient m / 5^-e is taken by long division to 56 bits and a remainder.
     * Either way the bits below the double's 53 are known exactly, so the rounding is exact
     * (half to even).
     */
    static double exactDecimal(long m, int e) {
        if (m == 0) {
            return 0;
        }
        if (e >= 0) {
            long f = POW5[e];
            long hi = Math.multiplyHigh(m, f); // both below 2^63: the signed high half is the unsigned one
            long lo = m * f;
            if (hi == 0) {
                if (lo > 0) {
                    return roundToDouble(lo, false, e);
                }
                // 2^63 ≤ m × 5^e < 2^64: one bit more than a long holds
                return roundToDouble(lo >>> 1, (lo & 1) != 0, e + 1);
            }
            // the top 63 bits, the rest only as "some were set"
            int shift = 64 - Long.numberOfLeadingZeros(hi) + 1;
            long top = hi << (64 - shift) | lo >>> shift;
            return roundToDouble(top, lo << (64 - shift) != 0, e + shift);
        }
        long d = POW5[-e];
        long q = m / d;
        long r = m % d;
        int s = 0;
        while (q >>> 55 == 0) {
            // c more bits of the quotient: r << c stays a positive long (r < d < 2^61), q << c below 2^56
            int c = Math.min(Long.numberOfLeadingZeros(r) - 1, Long.numberOfLeadingZeros(q) - 8);
            long n = r << c;
            q = q << c | n / d;
            r = n % d;
            s += c;
        }
        // m / 5^-e = (q + r / d) × 2^-s, and 10^e = 5^e × 2^e
        return roundToDouble(q, r != 0, e - s);
    }

    /**
     * {@code (top + δ) × 2^exp2} rounded to the nearest double, half to even, where
     * {@code 0 < top < 2^63} and 0 ≤ δ < 1 is non-zero exactly when {@code sticky} (then top has
     * more than 53 bits, so δ only decides ties). The result is a normal double (callers keep
     * far from the ends of the range).
     */
    private static double roundToDouble(long top, boolean sticky, int exp2) {
        int drop = 64 - Long.numberOfLeadingZeros(top) - 53;
        if (drop <= 0) {
            return Math.scalb((double) top, exp2); // exact: at most 53 bits
        }
        long keep = top >>> drop;
        long half = 1L << (drop - 1);
        long rest = top & ((half << 1) - 1);
        if (rest > half || (rest == half && (sticky || (keep & 1) != 0))) {
            keep++; // may reach 2^53: still exact
        }
        return Math.scalb((double) keep, exp2 + drop);
    }

    private static double special(byte[] b, int off, int p, int end, boolean negative) throws Invalid {
        int len = end - p;
        if (matchesIgnoreCase(b, p, len, "inf") || matchesIgnoreCase(b, p, len, "infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (matchesIgnoreCase(b, p, len, "nan")) {
            return Double.NaN;
        }
        throw Invalid.INSTANCE;
    }

    private static double hexFloat(byte[] b, int off, int p, int end) throws Invalid {
        boolean digits = false;
        boolean exponent = false;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            if (exponent) {
                if (!(c >= '0' && c <= '9') && !((c == '+' || c == '-') && (b[i - 1] == 'p' || b[i - 1] == 'P'))) {
                    throw Invalid.INSTANCE;
                }
            } else if (c == 'p' || c == 'P') {
                exponent = true;
            } else if (Character.digit(c, 16) >= 0) {
                digits = true;
            } else if (c != '.') {
                throw Invalid.INSTANCE;
            }
        }
        if (!digits || !exponent) {
            throw Invalid.INSTANCE;
        }
        try {
            return Double.parseDouble(new String(b, off, end - off, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw Invalid.INSTANCE;
        }
    }

    static boolean matchesIgnoreCase(byte[] b, int off, int len, String word) {
        if (len != word.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = b[off + i] | 0x20;
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** An integer timestamp in milliseconds (Prometheus text format). */
    static long parseLong(byte[] b, int off, int end) throws Invalid {
        int p = off;
        boolean negative = false;
        if (p < end && (b[p] == '+' || b[p] == '-')) {
            negative = b[p] == '-';
            p++;
        }
        if (p >= end) {
            throw Invalid.INSTANCE;
        }
        long v = 0;
        for (; p < end; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                throw Invalid.INSTANCE;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw Invalid.INSTANCE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /**
     * An OpenMetrics timestamp (seconds, possibly fractional) to milliseconds, rounded to the
     * nearest millisecond in decimal arithmetic so that {@code 1520879607.789} is exactly
     * {@code 1520879607789} and no binary rounding error creeps in.
     */
    static long parseSecondsToMillis(byte[] b, int off, int end) throws Invalid {
        int p = off;
        boolean negative = false;
        if (p < end && (b[p] == '+' || b[p] == '-')) {
            negative = b[p] == '-';
            p++;
        }
        long seconds = 0;
        boolean digits = false;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            digits = true;
            if (seconds > 922337203685477L) {
                return slowSeconds(b, off, end);
            }
            seconds = seconds * 10 + (b[p++] - '0');
        }
        long millis = 0;
        int fracDigits = 0;
        boolean roundUp = false;
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                digits = true;
                if (fracDigits < 3) {
                    millis = millis * 10 + (b[p] - '0');
                } else if (fracDigits == 3) {
                    roundUp = b[p] >= '5';
                }
                fracDigits++;
                p++;
            }
        }
        if (!digits) {
            throw Invalid.INSTANCE;
        }
        if (p < end) {
            if (b[p] == 'e' || b[p] == 'E') {
                return slowSeconds(b, off, end);
            }
            throw Invalid.INSTANCE;
        }
        for (int i = Math.min(fracDigits, 3); i < 3; i++) {
            millis *= 10;
        }
        long v = seconds * 1000 + millis + (roundUp ? 1 : 0);
        return negative ? -v : v;
    }

    private static long slowSeconds(byte[] b, int off, int end) throws Invalid {
        try {
            return new BigDecimal(new String(b, off, end - off, StandardCharsets.US_ASCII)).movePointRight(3)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw Invalid.INSTANCE;
        }
    }
}
