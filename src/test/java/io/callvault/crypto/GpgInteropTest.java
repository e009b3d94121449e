package io.callvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with the real gpg binary (skipped, loudly, when gpg is not installed). */
class GpgInteropTest {

    @TempDir
    Path dir;
    Gpg gpg;

    @BeforeEach
    void startGpg() throws Exception {
        gpg = Gpg.inNewHome(dir);
    }

    @AfterEach
    void stopGpgAgent() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void gpgDecryptsWhatWeEncryptToAGeneratedKey() throws Exception {
        GeneratedKey key = TestKeys.generate(dir, "dpo");
        gpg.runOk(null, "--import", key.secretKeyFile().toString());
        byte[] audio = TestKeys.randomBytes(3 * 1024 * 1024 + 5, 42);
        Path encrypted = encryptToFile(audio, PublicKeys.encryptionKeys(key.publicKeyFile()), "rec-42.wav");

        Gpg.Result decrypted = gpg.runOk(null, "--decrypt", encrypted.toString());

        assertThat(decrypted.stdout()).isEqualTo(audio);
    }

    @Test
    void messageIsSeipdV1WithMdcAndAes256AndUncompressed() throws Exception {
        GeneratedKey key = TestKeys.generate(dir, "quality");
        gpg.runOk(null, "--import", key.secretKeyFile().toString());
        Path encrypted = encryptToFile(TestKeys.randomBytes(200_000, 1),
                PublicKeys.encryptionKeys(key.publicKeyFile()), "rec-1.wav");

        Gpg.Result packets = gpg.runOk(null, "--show-session-key", "--list-packets", encrypted.toString());
        String listing = packets.stdoutText();

        assertThat(listing).contains(":pubkey enc packet:");
        assertThat(listing).contains(":encrypted data packet:").contains("mdc_method: 2");
        assertThat(listing).doesNotContain(":aead encrypted packet:");
        assertThat(listing).doesNotContain(":compressed packet:");
        assertThat(listing).contains(":literal data packet:").contains("mode b").contains("name=\"rec-1.wav\"")
                .as("partial-length streaming").contains("raw data: unknown length");
        assertThat(packets.stderr()).as("session key algorithm 9 = AES-256").contains("session key: '9:");
    }

    @Test
    void everyRecipientDecryptsWithGpgIncludingAGpgMadeCurve25519Key() throws Exception {
        GeneratedKey rsa = TestKeys.generate(dir, "legal");
        gpg.runOk(null, "--import", rsa.secretKeyFile().toString());
        gpg.runOk(null, "--passphrase", "", "--quick-generate-key", "Curve Team <curve@example.invalid>",
                "future-default", "default", "never");
        Path curvePublic = dir.resolve("curve.pub.asc");
        Files.write(curvePublic, gpg.runOk(null, "--armor", "--export", "curve@example.invalid").stdout());
        List<PGPPublicKey> curveKeys = PublicKeys.encryptionKeys(curvePublic);
        assertThat(curveKeys).hasSize(1);
        assertThat(curveKeys.get(0).getAlgorithm()).isEqualTo(PGPPublicKey.ECDH);

        byte[] audio = TestKeys.randomBytes(500_000, 9);
        Path toCurve = encryptToFile(audio, curveKeys, "rec-9.wav");
        Path toBoth = encryptToFile(audio,
                java.util.stream.Stream.concat(curveKeys.stream(), PublicKeys.encryptionKeys(rsa.publicKeyFile()).stream())
                        .toList(), "rec-9.wav");

        assertThat(gpg.runOk(null, "--decrypt", toCurve.toString()).stdout()).isEqualTo(audio);
        assertThat(gpg.runOk(null, "--decrypt", toBoth.toString()).stdout()).isEqualTo(audio);
    }

    @Test
    void recordingDecryptorReadsWhatGpgEncrypts() throws Exception {
        GeneratedKey key = TestKeys.generate(dir, "export");
        gpg.runOk(null, "--import", key.publicKeyFile().toString());
        byte[] audio = TestKeys.randomBytes(300_000, 5);
        Path plain = Files.write(dir.resolve("plain.bin"), audio);
        Path encrypted = dir.resolve("plain.bin.gpg");
        gpg.runOk(null, "--trust-model", "always", "--recipient", key.fingerprint(), "--output", encrypted.toString(),
                "--encrypt", plain.toString());

        var out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(encrypted)) {
            RecordingDecryptor.decrypt(in, key.secretKeyFile(), null, out);
        }

        assertThat(out.toByteArray()).isEqualTo(audio);
    }

    private Path encryptToFile(byte[] audio, List<PGPPublicKey> recipients, String name) throws IOException {
        Path file = dir.resolve(name + "." + recipients.size() + ".gpg");
        try (OutputStream sink = Files.newOutputStream(file);
             OutputStream plaintext = new RecordingEncryptor().encrypt(sink, recipients, name)) {
            plaintext.write(audio);
        }
        return file;
    }
}
