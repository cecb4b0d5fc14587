package io.openagent.wire;

import java.util.Arrays;

/**
 * One TCP frame in either direction (spec §7.1):
 * {@code netsrc(1) code(1) pcode(8) oid(4) transferKey(4) length(4) payload}.
 */
public record Frame(int netsrc, int code, long pcode, int oid, int transferKey, byte[] payload) {
    public static final int HEADER_SIZE = 22;
    public static final int LENGTH_OFFSET = 18;

    public static final int NETSRC_AGENT = 1;
    public static final int NETSRC_SERVER = 3;

    public static final int SECURE_HIDE = 0x01;
    public static final int SECURE_CYPHER = 0x02;
    public static final int KEY_EXTENSION = 0xfd;
    public static final int TIME_SYNC = 0xfe;
    public static final int KEY_RESET = 0xff;

    public Frame {
        payload = payload == null ? new byte[0] : payload;
    }

    public int length() {
        return HEADER_SIZE + payload.length;
    }

    public void write(WireOutput out) {
        out.writeByte(netsrc).writeByte(code).writeLong(pcode).writeInt(oid).writeInt(transferKey).writeIntBytes(payload);
    }

    public byte[] toBytes() {
        WireOutput out = new WireOutput(length());
        write(out);
        return out.toByteArray();
    }

    /** Reads one whole frame; the bytes must hold exactly the header and the declared payload. */
    public static Frame read(byte[] b) {
        WireInput in = new WireInput(b);
        Frame f = new Frame(in.readUnsignedByte(), in.readUnsignedByte(), in.readLong(), in.readInt(), in.readInt(),
                in.readIntBytes());
        if (in.hasRemaining()) {
            throw new WireFormatException(in.remaining() + " bytes after the frame payload");
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.netsrc == netsrc && f.code == code && f.pcode == pcode && f.oid == oid
                && f.transferKey == transferKey && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + code;
    }

    @Override
    public String toString() {
        return String.format("Frame[netsrc=%d, code=%02x, pcode=%d, oid=%d, trkey=%08x, %d bytes]", netsrc, code, pcode, oid,
                transferKey, payload.length);
    }
}
