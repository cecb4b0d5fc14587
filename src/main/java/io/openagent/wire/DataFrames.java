package io.openagent.wire;

/** Data and time-sync frames once the session keys are known (spec §7.5–7.7). */
public final class DataFrames {
    private DataFrames() {
    }

    /** Protects serialised pack bytes per {@code flag} and wraps them in a frame. */
    public static Frame seal(int netsrc, int flag, long pcode, int oid, int cypherLevel, SessionKeys keys, byte[] packBytes) {
        byte[] payload;
        if (cypherLevel == 0 || keys == null) {
            payload = packBytes;
        } else if ((flag & 3) == Frame.SECURE_HIDE) {
            payload = Ciphers.hide(packBytes, keys.hideKey());
        } else if ((flag & 3) == Frame.SECURE_CYPHER) {
            payload = Ciphers.encrypt(keys.secureKey(), Ciphers.zeroPad(packBytes, Math.max(16, cypherLevel / 8)));
        } else {
            payload = packBytes;
        }
        return new Frame(netsrc, flag, pcode, oid, keys == null ? 0 : keys.transferKey(), payload);
    }

    /** Recovers the pack bytes of a data frame; trailing zero padding of cypher frames remains. */
    public static byte[] open(Frame f, int cypherLevel, SessionKeys keys) {
        if (cypherLevel == 0) {
            return f.payload();
        }
        if (keys == null) {
            throw new WireFormatException("data frame before the key exchange");
        }
        if (f.transferKey() != keys.transferKey()) {
            throw new WireFormatException(String.format("transfer key %08x does not match the session's", f.transferKey()));
        }
        switch (f.code() & 3) {
            case Frame.SECURE_HIDE:
                return Ciphers.hide(f.payload(), keys.hideKey());
            case Frame.SECURE_CYPHER:
                return Ciphers.decrypt(keys.secureKey(), f.payload());
            default:
                throw new WireFormatException(String.format("data frame with unknown protection code %02x", f.code()));
        }
    }

    public static Frame timeSync(long pcode, int oid, int transferKey, long agentTimeMs) {
        return new Frame(Frame.NETSRC_AGENT, Frame.TIME_SYNC, pcode, oid, transferKey,
                new WireOutput(8).writeLong(agentTimeMs).toByteArray());
    }

    public static Frame timeSyncReply(long pcode, int oid, long echoedAgentTime, long serverTime) {
        return new Frame(Frame.NETSRC_SERVER, Frame.TIME_SYNC, pcode, oid, 0,
                new WireOutput(16).writeLong(echoedAgentTime).writeLong(serverTime).toByteArray());
    }
}
