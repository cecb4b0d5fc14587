package io.openagent.wire;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A WhaTap license: {@code -}-separated hexa32 tokens whose 8-byte big-endian concatenation holds
 * {@code decimal pcode ‖ blob securityKey ‖ padding} (spec §4.2).
 */
public record License(long pcode, byte[] securityKey) {

    public static License parse(String license) {
        String trimmed = license == null ? "" : license.trim();
        WireOutput raw = new WireOutput(64);
        for (String token : trimmed.split("-", -1)) {
            raw.writeLong(Hexa32.decode(token));
        }
        WireInput in = new WireInput(raw.toByteArray());
        try {
            long pcode = in.readDecimal();
            byte[] key = in.readBlob();
            return new License(pcode, key);
        } catch (WireFormatException e) {
            // A short or garbled license has no complete key: the agent refuses to connect with pcode 0.
            return new License(0, new byte[0]);
        }
    }

    /** Builds a license string for tests and the local demo mode. */
    public static String build(long pcode, byte[] key) {
        return build(pcode, key, new SecureRandom().nextLong());
    }

    /** Builds with the given padding (0 gives a stable string, as the demo license needs). */
    public static String build(long pcode, byte[] key, long padding) {
        WireOutput out = new WireOutput(64);
        out.writeDecimal(pcode).writeBlob(key);
        int used = out.size();
        if (used % 8 != 0) {
            out.writeLong(padding); // padding up to the next whole token
        }
        WireInput in = new WireInput(out.toByteArray());
        List<String> tokens = new ArrayList<>();
        for (int i = 0, n = (used + 7) / 8; i < n; i++) {
            tokens.add(Hexa32.encode(in.readLong()));
        }
        return String.join("-", tokens);
    }

    public boolean isUsable() {
        return pcode != 0 && securityKey.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof License l && l.pcode == pcode && java.util.Arrays.equals(l.securityKey, securityKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pcode) * 31 + java.util.Arrays.hashCode(securityKey);
    }

    /** Never prints the key: licenses must not leak into logs. */
    @Override
    public String toString() {
        return "License[pcode=" + pcode + ", key=<" + securityKey.length + " bytes>]";
    }
}
