package io.callvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairsTest {

    @TempDir
    Path dir;

    @Test
    void writesArmouredPublicAndOwnerOnlySecretKeyFiles() throws IOException {
        GeneratedKey key = TestKeys.generate(dir, "demo-quality");

        assertThat(key.publicKeyFile()).isEqualTo(dir.resolve("demo-quality.pub.asc"));
        assertThat(key.secretKeyFile()).isEqualTo(dir.resolve("demo-quality.sec.asc"));
        assertThat(Files.readString(key.publicKeyFile())).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        assertThat(Files.readString(key.secretKeyFile())).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.secretKeyFile())))
                .isEqualTo("rw-------");
        assertThat(key.fingerprint()).matches("[0-9A-F]{40}");
    }

    @Test
    void theEncryptionSubkeyIsRsa3072AndBelongsToTheReportedFingerprint() throws IOException {
        GeneratedKey key = TestKeys.generate(dir, "ops");

        var encryptionKeys = PublicKeys.encryptionKeys(key.publicKeyFile());
        assertThat(encryptionKeys).hasSize(1);
        assertThat(encryptionKeys.get(0).isMasterKey()).isFalse();
        assertThat(encryptionKeys.get(0).getBitStrength()).isEqualTo(3072);
        assertThat(HexFormat.of().withUpperCase().formatHex(encryptionKeys.get(0).getFingerprint()))
                .isNotEqualTo(key.fingerprint());
    }

    @Test
    void refusesToOverwriteAnExistingKeyFile() throws IOException {
        Files.writeString(dir.resolve("taken.sec.asc"), "operator's real key");

        assertThatThrownBy(() -> TestKeys.generate(dir, "taken")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("taken.sec.asc"))).isEqualTo("operator's real key");
        assertThat(dir.resolve("taken.pub.asc")).doesNotExist();
    }

    @Test
    void refusesANameThatIsAPath() {
        assertThatThrownBy(() -> KeyPairs.generate("../escape", "x <x@example.invalid>", dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key name");
    }
}
