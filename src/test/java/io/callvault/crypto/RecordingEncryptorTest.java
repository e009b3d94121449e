package io.callvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingEncryptorTest {

    @TempDir
    static Path keys;
    static GeneratedKey quality;
    static GeneratedKey legal;

    private final RecordingEncryptor encryptor = new RecordingEncryptor();

    @BeforeAll
    static void generateKeys() throws IOException {
        quality = TestKeys.generate(keys, "quality");
        legal = TestKeys.generate(keys, "legal");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1000, 65_536, 5 * 1024 * 1024 + 17})
    void everyRecipientDecryptsTheSameBytes(int size) throws IOException {
        byte[] audio = TestKeys.randomBytes(size, size);
        List<PGPPublicKey> recipients = recipients(quality, legal);

        byte[] ciphertext = encrypt(audio, recipients);

        assertThat(decrypt(ciphertext, quality)).isEqualTo(audio);
        assertThat(decrypt(ciphertext, legal)).isEqualTo(audio);
    }

    @Test
    void aKeyThatIsNotARecipientCannotDecrypt() throws IOException {
        byte[] ciphertext = encrypt(TestKeys.randomBytes(100, 1), recipients(quality));

        assertThatThrownBy(() -> decrypt(ciphertext, legal))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not encrypted to any key");
    }

    @Test
    void ciphertextIsBinaryOpenPgpNotArmour() throws IOException {
        byte[] ciphertext = encrypt(new byte[10_000], recipients(quality));

        assertThat(ciphertext[0] & 0x80).as("binary packet tag").isNotZero();
        assertThat(new String(ciphertext, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("-----BEGIN PGP");
    }

    @Test
    void oneTamperedByteMakesDecryptionFail() throws IOException {
        byte[] audio = TestKeys.randomBytes(200_000, 7);
        byte[] ciphertext = encrypt(audio, recipients(quality));
        ciphertext[ciphertext.length / 2] ^= 0x01;

        assertThatThrownBy(() -> decrypt(ciphertext, quality)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void aTamperedLastByteFailsTheIntegrityCheck() throws IOException {
        byte[] audio = TestKeys.randomBytes(1000, 8);
        byte[] ciphertext = encrypt(audio, recipients(quality));
        ciphertext[ciphertext.length - 1] ^= 0x01;

        assertThatThrownBy(() -> decrypt(ciphertext, quality))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("integrity");
    }

    @Test
    void closingTheEncryptingStreamFlushesButDoesNotCloseTheSink() throws IOException {
        var sink = new TrackingSink();
        try (OutputStream plaintext = encryptor.encrypt(sink, recipients(quality), "rec-1")) {
            plaintext.write(TestKeys.randomBytes(300_000, 3));
        }

        assertThat(sink.closed).isFalse();
        assertThat(sink.flushed).isTrue();
        assertThat(decrypt(sink.bytes.toByteArray(), quality)).hasSize(300_000);
    }

    @Test
    void noRecipientsIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> encryptor.encrypt(new ByteArrayOutputStream(), List.of(), "rec-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one public key");
    }

    static List<PGPPublicKey> recipients(GeneratedKey... generated) {
        return java.util.Arrays.stream(generated)
                .flatMap(k -> PublicKeys.encryptionKeys(k.publicKeyFile()).stream())
                .toList();
    }

    private byte[] encrypt(byte[] plaintext, List<PGPPublicKey> recipients) throws IOException {
        var sink = new ByteArrayOutputStream();
        try (OutputStream out = encryptor.encrypt(sink, recipients, "rec-1.wav")) {
            // write in odd-sized pieces to exercise the partial-length buffering
            for (int off = 0; off < plaintext.length; off += 12_345) {
                out.write(plaintext, off, Math.min(12_345, plaintext.length - off));
            }
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(byte[] ciphertext, GeneratedKey key) throws IOException {
        var plaintext = new ByteArrayOutputStream();
        RecordingDecryptor.decrypt(new ByteArrayInputStream(ciphertext), key.secretKeyFile(), null, plaintext);
        return plaintext.toByteArray();
    }

    private static final class TrackingSink extends FilterOutputStream {
        final ByteArrayOutputStream bytes;
        boolean closed;
        boolean flushed;

        TrackingSink() {
            this(new ByteArrayOutputStream());
        }

        private TrackingSink(ByteArrayOutputStream bytes) {
            super(bytes);
            this.bytes = bytes;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
