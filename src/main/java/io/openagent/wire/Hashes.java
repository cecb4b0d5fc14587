package io.openagent.wire;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The identity hashes of spec §5.3. */
public final class Hashes {
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    private Hashes() {
    }

    /** Standard CRC-32 of the UTF-8 bytes as a signed int: OID, OKIND and ONODE. */
    public static int hashStr(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** The 64-bit CRC variant of golib whose table entries are sign-extended (TagCountPack tag hash). */
    public static long hash64(byte[] b) {
        long crc = -1L;
        for (byte x : b) {
            crc = (crc >>> 8) ^ (long) CRC_TABLE[(int) ((crc ^ x) & 0xff)];
        }
        return crc ^ -1L;
    }
}
