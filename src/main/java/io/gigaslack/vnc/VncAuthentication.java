package io.gigaslack.vnc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The answer to a VNC Authentication challenge: the 16 challenge bytes DES-encrypted (ECB) with the password as the
 * key. RFB's quirk: the key is the password's first 8 bytes (zero-padded) with the bits of each byte mirrored.
 * DES is weak; this exists only because servers offer nothing else, and the password never leaves this class.
 */
final class VncAuthentication {
    static final int CHALLENGE_LENGTH = 16;

    private VncAuthentication() {
    }

    static byte[] response(byte[] challenge, String password) {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < pw.length; i++) {
            key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do DES, which VNC Authentication needs", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(pw, (byte) 0);
        }
    }
}
