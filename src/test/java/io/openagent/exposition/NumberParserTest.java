package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sample values read from bytes must be the very double Java's own parser gives for the text. */
class NumberParserTest {

    private static double parse(String text) throws NumberParser.Invalid {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return NumberParser.parseDouble(b, 0, b.length);
    }

    @Test
    void decimalsOfEveryLengthAndExponentRoundLikeDoubleParseDouble() throws NumberParser.Invalid {
        Random random = new Random(53);
        for (int n = 0; n < 200_000; n++) {
            int digits = 1 + random.nextInt(22);
            StringBuilder text = new StringBuilder();
            if (random.nextInt(4) == 0) {
                text.append('-');
            }
            for (int d = 0; d < digits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                text.insert(text.length() - random.nextInt(digits), '.');
                if (text.charAt(text.length() - 1) == '.') {
                    text.append('0');
                }
            }
            if (random.nextBoolean()) {
                int e = random.nextInt(61) - 30;
                text.append(random.nextBoolean() ? "e" : "E").append(e >= 0 && random.nextBoolean() ? "+" : "")
                        .append(e < 0 ? "-" : "").append(random.nextBoolean() ? "0" : "").append(Math.abs(e)); // Go writes e+07
            }
            String s = text.toString();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
        }
    }

    @Test
    void theEdgesOfTheExactPath() throws NumberParser.Invalid {
        for (String s : new String[] {"9007199254740992", "9007199254740993", "9007199254740991e22", "9007199254740993e-22",
                "1.8446744073709552e+19", "0.026000000000000002", "1.6360000000000001", "3.5184372087808e+13",
                "1e22", "1e23", "1e-22", "1e-23", "123456789012345678", "1234567890123456789", "12345678901234567890",
                "0.1", "0.3", "1.6777216e+07", "-2.45002784768e+11", "1.57696e-06", "1.e5", "-0", "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324"}) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
        }
    }

    /** Values inside a longer buffer (as in a body): the bytes after a value's end, digits or not, never count. */
    @Test
    void aValueEndsWhereItsTokenEndsWhateverBytesFollow() throws NumberParser.Invalid {
        Random random = new Random(8);
        String[] tails = {"\n", " 1700000000000\n", "7", "12345678", "e5", ".5", "", "\r\n"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder();
            int digits = 1 + random.nextInt(19);
            for (int d = 0; d < digits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                text.insert(random.nextInt(text.length() + 1), '.');
            }
            if (random.nextInt(3) == 0) {
                text.append("e").append(random.nextBoolean() ? "-" : "+").append(random.nextInt(40));
            }
            String value = text.toString();
            if (value.equals(".")) {
                continue;
            }
            String lead = "x".repeat(random.nextInt(12));
            byte[] b = (lead + value + tails[random.nextInt(tails.length)]).getBytes(StandardCharsets.US_ASCII);
            double got = NumberParser.parseDouble(b, lead.length(), lead.length() + value.length());
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(value)), Double.doubleToRawLongBits(got), value);
        }
    }

    /** Go's shortest round-trip form often takes 17 digits: the exact integer path must give Java's double for every one. */
    @Test
    void seventeenDigitValuesAsGoWritesThemReadBackExactly() throws NumberParser.Invalid {
        Random random = new Random(17);
        for (int n = 0; n < 300_000; n++) {
            double v = switch (random.nextInt(3)) {
                case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 1 -> Double.longBitsToDouble(random.nextLong() >>> 2); // any magnitude
                default -> (double) (random.nextLong() >>> random.nextInt(12));
            };
            // Java's shortest form for the double, and the same digits in Go's exponent style
            String java = Double.toString(v);
            String go = new java.math.BigDecimal(java).round(new java.math.MathContext(17)).toString().replace("E", "e");
            for (String text : new String[] {java, go}) {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parse(text)), text);
            }
        }
    }

    /** Ties, and the values beside them, where rounding half to even decides: integers past 2^53 and their decimal scalings. */
    @Test
    void tiesBetweenTwoDoublesRoundToEven() throws NumberParser.Invalid {
        Random random = new Random(18);
        for (int n = 0; n < 100_000; n++) {
            int bits = 54 + random.nextInt(6); // 2^53 < w < 2^59 < 10^18: 18 digits at most
            long w = (1L << (bits - 1)) | (random.nextLong() >>> (65 - bits));
            long unit = 1L << (bits - 53); // the distance between doubles there
            long tie = (w & -unit) + unit / 2; // halfway between two doubles
            for (long x : new long[] {tie - 1, tie, tie + 1}) {
                for (String text : new String[] {Long.toString(x), x + "e" + random.nextInt(10), x + "e-" + random.nextInt(27)}) {
                    assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parse(text)), text);
                }
            }
        }
    }
}
