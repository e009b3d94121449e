package io.callvault.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Streaming OpenPGP encryption of one recording to several recipients at once.
 *
 * <p>Output is binary (no armour): one public-key encrypted session key packet per recipient, then a
 * symmetrically encrypted integrity protected data packet (SEIPD v1 with MDC, AES-256, readable by
 * gpg 2.2) holding an uncompressed binary literal data packet. Both packets use partial body
 * lengths with a fixed buffer, so memory use does not depend on the size of the recording. Bulk AES
 * runs on the JDK provider (AES-NI), not on BouncyCastle's pure-Java AES.
 */
public final class RecordingEncryptor {

    /** Size of the partial-length packet buffers (a power of two, as OpenPGP requires). */
    static final int BUFFER_SIZE = 1 << 16;

    private final SecureRandom random;

    public RecordingEncryptor() {
        this(new SecureRandom());
    }

    public RecordingEncryptor(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Opens an encrypting stream. Write the plaintext into the returned stream and close it: closing
     * writes the end of every OpenPGP packet and flushes {@code ciphertextSink}, but does
     * <em>not</em> close {@code ciphertextSink}; the caller still owns and closes it.
     *
     * @param ciphertextSink where the binary OpenPGP message is written
     * @param recipients     encryption-capable public (sub)keys, for example from {@link PublicKeys}
     * @param literalName    file name stored inside the encrypted literal packet (at most 255 UTF-8
     *                       bytes); use an opaque id, never personal data
     * @throws IllegalArgumentException if {@code recipients} is empty or holds a key that cannot
     *                                  encrypt, or if {@code literalName} is too long
     */
    public OutputStream encrypt(OutputStream ciphertextSink, List<PGPPublicKey> recipients, String literalName)
            throws IOException {
        Objects.requireNonNull(ciphertextSink, "ciphertextSink");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(literalName, "literalName");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException(
                    "no recipients: a recording must be encrypted to at least one public key");
        }
        if (literalName.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("literal name is longer than 255 UTF-8 bytes");
        }

        // No setProvider(..): the JDK's AES (AES-NI) does the bulk work.
        JcePGPDataEncryptorBuilder data = new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(random);
        PGPEncryptedDataGenerator encryptedGen = new PGPEncryptedDataGenerator(data);
        for (PGPPublicKey key : recipients) {
            if (key == null || !key.isEncryptionKey()) {
                throw new IllegalArgumentException("recipient key "
                        + (key == null ? "null" : Long.toHexString(key.getKeyID()).toUpperCase())
                        + " cannot encrypt; pass encryption subkeys, e.g. from PublicKeys.encryptionKeys");
            }
            JcePublicKeyKeyEncryptionMethodGenerator method =
                    new JcePublicKeyKeyEncryptionMethodGenerator(key).setSecureRandom(random);
            if (Providers.needsBcForKeyWrapping(key.getAlgorithm())) {
                method.setProvider(Providers.BC);
            }
            encryptedGen.addMethod(method);
        }

        OutputStream keepOpen = new FilterOutputStream(ciphertextSink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        OutputStream encrypted;
        try {
            encrypted = encryptedGen.open(keepOpen, new byte[BUFFER_SIZE]);
        } catch (PGPException e) {
            throw new IOException("cannot start OpenPGP encryption: " + e.getMessage(), e);
        }
        PGPLiteralDataGenerator literalGen = new PGPLiteralDataGenerator();
        OutputStream literal = literalGen.open(encrypted, PGPLiteralData.BINARY, literalName, new Date(),
                new byte[BUFFER_SIZE]);
        return new EncryptingStream(literal, literalGen, encryptedGen, ciphertextSink);
    }

    private static final class EncryptingStream extends FilterOutputStream {
        private final PGPLiteralDataGenerator literalGen;
        private final PGPEncryptedDataGenerator encryptedGen;
        private final OutputStream sink;
        private boolean closed;

        EncryptingStream(OutputStream literal, PGPLiteralDataGenerator literalGen,
                         PGPEncryptedDataGenerator encryptedGen, OutputStream sink) {
            super(literal);
            this.literalGen = literalGen;
            this.encryptedGen = encryptedGen;
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            // Only whole partial-length chunks ever reach the sink; this pushes those already written.
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            literalGen.close();
            encryptedGen.close();
            sink.flush();
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("encrypting stream is closed");
            }
        }
    }
}
