package io.openagent.wire;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES-128-ECB with zero padding and the 4-byte XOR hide (spec §6). */
public final class Ciphers {
    private Ciphers() {
    }

    /** Forces a key to exactly 16 bytes: truncated when longer, zero-padded when shorter. */
    public static byte[] aesKey(byte[] key) {
        return Arrays.copyOf(key == null ? new byte[0] : key, 16);
    }

    public static byte[] zeroPad(byte[] plain, int block) {
        int padded = (plain.length + block - 1) / block * block;
        return padded == plain.length ? plain : Arrays.copyOf(plain, padded);
    }

    public static byte[] encrypt(byte[] key, byte[] plain) {
        return run(Cipher.ENCRYPT_MODE, key, zeroPad(plain, 16));
    }

    /** Decrypts; the zero padding stays (readers of the plaintext ignore trailing zeros). */
    public static byte[] decrypt(byte[] key, byte[] cipherText) {
        if (cipherText.length % 16 != 0) {
            throw new WireFormatException("AES payload of " + cipherText.length + " bytes is not a multiple of 16");
        }
        return run(Cipher.DECRYPT_MODE, key, cipherText);
    }

    private static byte[] run(int mode, byte[] key, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, new SecretKeySpec(aesKey(key), "AES"));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-ECB unavailable", e);
        }
    }

    /** XOR with the big-endian bytes of {@code hideKey}; its own inverse. Returns a new array. */
    public static byte[] hide(byte[] data, int hideKey) {
        byte[] out = data.clone();
        hideInPlace(out, 0, out.length, hideKey);
        return out;
    }

    public static void hideInPlace(byte[] data, int off, int len, int hideKey) {
        if (hideKey == 0) {
            return;
        }
        byte[] k = {(byte) (hideKey >>> 24), (byte) (hideKey >>> 16), (byte) (hideKey >>> 8), (byte) hideKey};
        for (int i = 0; i < len; i++) {
            data[off + i] ^= k[i & 3];
        }
    }
}
