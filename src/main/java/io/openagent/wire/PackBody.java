package io.openagent.wire;

/**
 * A pack without its header: the type, the number of records and the encoded bytes that follow
 * the header. Scrapes produce these; the session stamps the header (identity, send time) when the
 * pack goes out, so a pack built before the first connection never carries OID 0.
 */
public record PackBody(int type, int records, byte[] tail) {

    public void write(PackHeader header, WireOutput out) {
        out.writeShort(type);
        header.write(out);
        out.writeRaw(tail);
    }

    public byte[] toBytes(PackHeader header) {
        WireOutput out = new WireOutput(tail.length + 32);
        write(header, out);
        return out.toByteArray();
    }

    /** The size on the wire once a header is added (an upper bound: the extended header). */
    public int approximateSize() {
        return tail.length + 2 + 1 + 9 + 4 + 4 + 4 + 8;
    }

    /** Wraps a whole pack (as {@link PackCodec} writes it) for sending. */
    public static PackBody of(Pack pack) {
        WireOutput out = new WireOutput(128);
        PackCodec.encode(pack, out);
        byte[] all = out.toByteArray();
        WireOutput header = new WireOutput(32);
        pack.header().write(header);
        int skip = 2 + header.size();
        return new PackBody(pack.type(), -1, java.util.Arrays.copyOfRange(all, skip, all.length));
    }
}
