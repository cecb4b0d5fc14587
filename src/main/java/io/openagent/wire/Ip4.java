package io.openagent.wire;

/** IPv4 addresses as big-endian ints (spec §5.4). */
public final class Ip4 {
    private Ip4() {
    }

    /** Dotted IPv4 to int; anything that is not four dotted octets gives 0, as the reference does. */
    public static int toInt(String dotted) {
        if (dotted == null) {
            return 0;
        }
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            return 0;
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                return 0;
            }
            if (octet < 0 || octet > 255) {
                return 0;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String toDotted(int ip) {
        return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }
}
