package io.openagent.wire;

/**
 * The AbstractPack header (spec §3.2). Written in the short layout when both okind and onode are 0,
 * otherwise in the extended layout that starts with a 0x09 marker.
 */
public record PackHeader(long pcode, int oid, int okind, int onode, long time) {
    public static final int EXTENDED_MARKER = 9;

    public PackHeader withTime(long newTime) {
        return new PackHeader(pcode, oid, okind, onode, newTime);
    }

    public boolean extended() {
        return (okind | onode) != 0;
    }

    public void write(WireOutput out) {
        if (extended()) {
            out.writeByte(EXTENDED_MARKER).writeDecimal(pcode).writeInt(oid).writeInt(okind).writeInt(onode);
        } else {
            out.writeDecimal(pcode).writeInt(oid);
        }
        out.writeLong(time);
    }

    public static PackHeader read(WireInput in) {
        int first = in.readUnsignedByte();
        if (first <= 8) {
            long pcode = in.readDecimalPayload(first);
            int oid = in.readInt();
            return new PackHeader(pcode, oid, 0, 0, in.readLong());
        }
        long pcode = in.readDecimal();
        int oid = in.readInt();
        int okind = in.readInt();
        int onode = in.readInt();
        return new PackHeader(pcode, oid, okind, onode, in.readLong());
    }
}
