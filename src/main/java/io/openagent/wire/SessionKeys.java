package io.openagent.wire;

/**
 * The keys the collector hands out in its key reply (spec §7.4). {@code secureKey} is kept as sent;
 * AES uses its first 16 bytes (zero-padded), as the reference does.
 */
public record SessionKeys(int transferKey, byte[] secureKey, int hideKey, int publicIp) {

    public byte[] plainPayload() {
        return new WireOutput(64).writeInt(transferKey).writeBlob(secureKey).writeInt(hideKey).writeInt(publicIp)
                .toByteArray();
    }

    public static SessionKeys readPlain(byte[] plain) {
        WireInput in = new WireInput(plain);
        return new SessionKeys(in.readInt(), in.readBlob(), in.readInt(), in.readInt());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionKeys k && k.transferKey == transferKey && java.util.Arrays.equals(k.secureKey, secureKey)
                && k.hideKey == hideKey && k.publicIp == publicIp;
    }

    @Override
    public int hashCode() {
        return transferKey;
    }

    @Override
    public String toString() {
        return String.format("SessionKeys[transferKey=%08x, secureKey=<%d bytes>, hideKey=<hidden>, publicIp=%s]",
                transferKey, secureKey.length, Ip4.toDotted(publicIp));
    }
}
