package io.callvault.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.PublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Streaming decryption of messages written by {@link RecordingEncryptor} (or any public-key
 * encrypted, integrity protected OpenPGP message, armoured or binary).
 *
 * <p>Plaintext is streamed to the caller before the integrity check at the end of the message can
 * run: if {@link #decrypt} throws, whatever was written to {@code plaintext} must be discarded.
 */
public final class RecordingDecryptor {

    private RecordingDecryptor() {
    }

    /**
     * Decrypts {@code ciphertext} into {@code plaintext} with a secret key from
     * {@code secretKeyFile}. Neither stream is closed.
     *
     * @param passphrase passphrase of the secret key, or {@code null} for an unprotected key
     * @throws DecryptionException if no key in the file fits, the message is malformed, is not
     *                                integrity protected, or fails its integrity (MDC) check
     */
    public static void decrypt(InputStream ciphertext, Path secretKeyFile, char[] passphrase, OutputStream plaintext)
            throws IOException {
        PGPSecretKeyRingCollection secretKeys = readSecretKeys(secretKeyFile);
        try {
            JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(ciphertext));
            Object object = factory.nextObject();
            while (object instanceof PGPMarker) {
                object = factory.nextObject();
            }
            if (!(object instanceof PGPEncryptedDataList encryptedList)) {
                throw new DecryptionException("not an OpenPGP encrypted message");
            }
            PGPPublicKeyEncryptedData encrypted = null;
            PGPPrivateKey privateKey = null;
            for (Object candidate : encryptedList) {
                if (candidate instanceof PGPPublicKeyEncryptedData pked) {
                    PGPSecretKey secretKey = secretKeys.getSecretKey(pked.getKeyID());
                    if (secretKey != null) {
                        encrypted = pked;
                        privateKey = secretKey.extractPrivateKey(keyDecryptor(passphrase));
                        break;
                    }
                }
            }
            if (encrypted == null) {
                throw new DecryptionException("the message is not encrypted to any key in " + secretKeyFile);
            }
            if (!encrypted.isIntegrityProtected()) {
                throw new DecryptionException("the message is not integrity protected; refusing to decrypt");
            }
            try (InputStream clear = encrypted.getDataStream(dataDecryptor(privateKey))) {
                copyLiteral(new JcaPGPObjectFactory(clear), plaintext);
                if (!encrypted.verify()) {
                    throw new DecryptionException("integrity check failed: the ciphertext was modified");
                }
            }
        } catch (PGPException e) {
            throw new DecryptionException("cannot decrypt: " + e.getMessage(), e);
        } catch (DecryptionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Corrupted ciphertext typically surfaces as a malformed inner packet.
            throw new DecryptionException("cannot decrypt, the message is corrupt: " + e.getMessage(), e);
        }
    }

    private static void copyLiteral(JcaPGPObjectFactory factory, OutputStream plaintext)
            throws IOException, PGPException {
        Object object = factory.nextObject();
        if (object instanceof PGPCompressedData compressed) {
            factory = new JcaPGPObjectFactory(compressed.getDataStream());
            object = factory.nextObject();
        }
        if (!(object instanceof PGPLiteralData literal)) {
            throw new DecryptionException("the encrypted message holds no literal data");
        }
        try (InputStream in = literal.getInputStream()) {
            in.transferTo(plaintext);
        }
        // Drain anything after the literal packet so the MDC is read and checked.
        while (factory.nextObject() != null) {
            // e.g. trailing signatures from other producers: ignored
        }
    }

    private static PublicKeyDataDecryptorFactory dataDecryptor(PGPPrivateKey key) {
        JcePublicKeyDataDecryptorFactoryBuilder builder = new JcePublicKeyDataDecryptorFactoryBuilder();
        if (Providers.needsBcForKeyWrapping(key.getPublicKeyPacket().getAlgorithm())) {
            builder.setProvider(Providers.BC).setContentProvider(Providers.jdkAes());
        }
        return builder.build(key);
    }

    private static PBESecretKeyDecryptor keyDecryptor(char[] passphrase) throws PGPException {
        if (passphrase == null) {
            return null;
        }
        return new JcePBESecretKeyDecryptorBuilder(new JcaPGPDigestCalculatorProviderBuilder().build())
                .build(passphrase);
    }

    private static PGPSecretKeyRingCollection readSecretKeys(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(in), new JcaKeyFingerprintCalculator());
        } catch (PGPException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read OpenPGP secret keys from " + file + ": " + e.getMessage(), e);
        }
    }
}
