package io.openagent.wire;

/**
 * The handshake frames of spec §7.3 and §7.4, both directions, as pure functions.
 * The agent opens with {@code hello}; the collector answers with the session keys.
 */
public final class Handshake {
    public static final String HELLO = "hello";

    private Handshake() {
    }

    /** What the agent says in its first frame. */
    public record Hello(String oname, int ip) {
    }

    public static Frame request(License license, String oname, int oid, int ip, int cypherLevel) {
        byte[] msg = new WireOutput(64).writeText(HELLO).writeText(oname).writeInt(ip).toByteArray();
        if (cypherLevel > 0) {
            msg = Ciphers.encrypt(license.securityKey(), msg);
        }
        int code;
        int trkey;
        if (cypherLevel == 128) {
            code = Frame.KEY_RESET;
            trkey = 0;
        } else if (cypherLevel == 0) {
            code = Frame.KEY_EXTENSION;
            trkey = 0;
        } else {
            code = Frame.KEY_EXTENSION;
            trkey = (1 << 24) | ((cypherLevel / 8 & 0xff) << 16);
        }
        return new Frame(Frame.NETSRC_AGENT, code, license.pcode(), oid, trkey, msg);
    }

    /** The cypher level a handshake frame announces (128 for KEY_RESET), or -1 if it is not a handshake. */
    public static int cypherLevel(Frame f) {
        if (f.code() == Frame.KEY_RESET) {
            return 128;
        } else if (f.code() == Frame.KEY_EXTENSION) {
            int k = f.transferKey();
            return k == 0 ? 0 : ((k >>> 16) & 0xff) * 8;
        }
        return -1;
    }

    /** Collector side: decrypts (when the level says so) and parses the hello message. */
    public static Hello parseRequest(Frame f, byte[] licenseKey) {
        int level = cypherLevel(f);
        if (level < 0) {
            throw new WireFormatException(String.format("expected a handshake frame, got code %02x", f.code()));
        }
        byte[] msg = level > 0 ? Ciphers.decrypt(licenseKey, f.payload()) : f.payload();
        WireInput in = new WireInput(msg);
        String hello = in.readText();
        if (!HELLO.equals(hello)) {
            throw new WireFormatException("handshake does not start with \"hello\" (wrong license key?)");
        }
        return new Hello(in.readText(), in.readInt());
    }

    /** Collector side: the key reply frame. */
    public static Frame reply(long pcode, int oid, byte[] licenseKey, int cypherLevel, SessionKeys keys) {
        byte[] payload = keys.plainPayload();
        if (cypherLevel > 0) {
            payload = Ciphers.encrypt(licenseKey, payload);
        }
        return new Frame(Frame.NETSRC_SERVER, Frame.KEY_RESET, pcode, oid, 0, payload);
    }

    /** Agent side: checks the reply belongs to this agent and extracts the keys. */
    public static SessionKeys parseReply(Frame f, License license, int oid, int cypherLevel) {
        if (f.pcode() != license.pcode() || f.oid() != oid) {
            throw new WireFormatException("key reply for pcode " + f.pcode() + "/oid " + f.oid() + ", expected "
                    + license.pcode() + "/" + oid);
        }
        if (f.payload().length > 1024) {
            throw new WireFormatException("key reply payload of " + f.payload().length + " bytes exceeds 1024");
        }
        byte[] plain = cypherLevel > 0 ? Ciphers.decrypt(license.securityKey(), f.payload()) : f.payload();
        return SessionKeys.readPlain(plain);
    }
}
