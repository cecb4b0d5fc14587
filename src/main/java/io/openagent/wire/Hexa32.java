package io.openagent.wire;

/** The radix-32 token codec used by licenses and auto object names (spec §4.1). */
public final class Hexa32 {
    private Hexa32() {
    }

    public static String encode(long v) {
        if (v == Long.MIN_VALUE) {
            return "z8000000000000";
        } else if (v < 0) {
            return "z" + Long.toString(-v, 32);
        } else if (v < 10) {
            return Long.toString(v);
        }
        return "x" + Long.toString(v, 32);
    }

    /** Never fails, like the reference: malformed tokens decode to 0 or garbage. */
    public static long decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        char first = token.charAt(0);
        if (first == 'z') {
            if (token.equals("z8000000000000")) {
                return Long.MIN_VALUE;
            }
            return -parse32(token, 1);
        } else if (first == 'x') {
            return parse32(token, 1);
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parse32(String s, int from) {
        long v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'Z') {
                d = c - 'A' + 10;
            } else {
                d = 0;
            }
            long next = v * 32 + d;
            // Overflow of the signed 64-bit register yields 0, as in the reference implementation.
            if (v > (Long.MAX_VALUE - d) / 32) {
                return 0;
            }
            v = next;
        }
        return v;
    }
}
