package io.callvault.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * JCA providers for the OpenPGP code. Bulk AES always runs on the JDK provider (AES-NI); the
 * BouncyCastle provider, never registered globally, is used only to wrap or unwrap session keys
 * for non-RSA (ECDH / X25519) keys, which the JDK path of bcpg does not cover reliably.
 */
final class Providers {

    static final Provider BC = new BouncyCastleProvider();

    private Providers() {
    }

    /** Whether session-key wrapping for a key of this public-key algorithm must use {@link #BC}. */
    static boolean needsBcForKeyWrapping(int publicKeyAlgorithm) {
        return publicKeyAlgorithm != PublicKeyAlgorithmTags.RSA_GENERAL
                && publicKeyAlgorithm != PublicKeyAlgorithmTags.RSA_ENCRYPT;
    }

    /** The JDK provider that serves AES, for bulk decryption when the key side needs {@link #BC}. */
    static Provider jdkAes() {
        try {
            return Cipher.getInstance("AES/CFB/NoPadding").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES/CFB cipher", e);
        }
    }
}
