package io.callvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeysTest {

    @TempDir
    static Path dir;
    static GeneratedKey alice;
    static GeneratedKey bob;

    @BeforeAll
    static void generateKeys() throws IOException {
        alice = TestKeys.generate(dir, "alice");
        bob = TestKeys.generate(dir, "bob");
    }

    @Test
    void armouredFileYieldsOnlyTheEncryptionSubkey() {
        var keys = PublicKeys.encryptionKeys(alice.publicKeyFile());

        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).isMasterKey()).as("the certify/sign primary key is not used").isFalse();
    }

    @Test
    void binaryFileIsReadToo() throws IOException {
        Path binary = dir.resolve("alice.pub.gpg");
        Files.write(binary, ring(alice).getEncoded());

        assertThat(PublicKeys.encryptionKeys(binary)).extracting(PGPPublicKey::getKeyID)
                .containsExactly(PublicKeys.encryptionKeys(alice.publicKeyFile()).get(0).getKeyID());
    }

    @Test
    void concatenatedArmouredKeysYieldEveryRecipient() throws IOException {
        Path both = dir.resolve("team.asc");
        Files.writeString(both, Files.readString(alice.publicKeyFile()) + "\n" + Files.readString(bob.publicKeyFile()));

        assertThat(PublicKeys.encryptionKeys(both)).hasSize(2);
    }

    @Test
    void oneBinaryFileWithSeveralRingsYieldsEveryRecipient() throws IOException {
        var bytes = new ByteArrayOutputStream();
        bytes.write(ring(alice).getEncoded());
        bytes.write(ring(bob).getEncoded());
        Path both = Files.write(dir.resolve("team.gpg"), bytes.toByteArray());

        assertThat(PublicKeys.encryptionKeys(both)).hasSize(2);
    }

    @Test
    void aFileWithoutKeysIsNamedInTheError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.asc"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.asc"), "this is not a key\n");

        assertThatThrownBy(() -> PublicKeys.encryptionKeys(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> PublicKeys.encryptionKeys(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(garbage.toString());
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        Path missing = dir.resolve("nobody.asc");

        assertThatThrownBy(() -> PublicKeys.encryptionKeys(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aSecretKeyFileIsNotAcceptedAsPublicKeys() {
        assertThatThrownBy(() -> PublicKeys.encryptionKeys(alice.secretKeyFile()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(alice.secretKeyFile().toString());
    }

    static PGPPublicKeyRing ring(GeneratedKey key) throws IOException {
        try (var in = PGPUtil.getDecoderStream(Files.newInputStream(key.publicKeyFile()))) {
            return new PGPPublicKeyRing(in, new JcaKeyFingerprintCalculator());
        }
    }
}
