package io.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anchor keys in the formats openssl reads and writes, and anchors an auditor can check with openssl alone. */
class AnchorKeysTest {

  @TempDir Path dir;

  @Test
  void keyMadeByOpensslSignsAndItsPublicHalfIsDerived() throws Exception {
    Path key = dir.resolve("anchor.key");
    Path pub = dir.resolve("anchor.pub");
    openssl("genpkey", "-algorithm", "ed25519", "-out", key.toString());
    openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());

    PrivateKey secret = AnchorKeys.privateKey(key.toString());

    assertThat(AnchorKeys.publicOf(secret)).isEqualTo(AnchorKeys.publicKeys(pub.toString()).get(0));
    assertThat(AnchorKeys.publicPem(AnchorKeys.publicOf(secret))).isEqualTo(Files.readString(pub));
  }

  @Test
  void anchorVerifiesWithOpensslFromItsSignedTextAndSignatureAlone() throws Exception {
    KeyPair pair = AnchorKeys.generate();
    Anchor unsigned = Anchor.unsigned(42, "ab".repeat(32), Instant.parse("2024-03-15T14:22:33.123456789Z"), "hub-1",
        "erasure", AnchorKeys.keyId(pair.getPublic()));
    Anchor anchor = unsigned.signedWith(Base64.getEncoder().encodeToString(
        AnchorKeys.sign(pair.getPrivate(), unsigned.signedBytes())));
    Path pub = dir.resolve("anchor.pub");
    Files.writeString(pub, AnchorKeys.publicPem(pair.getPublic()));
    Path msg = Files.writeString(dir.resolve("msg"), anchor.signedText(), StandardCharsets.UTF_8);
    Path sig = Files.write(dir.resolve("sig"), anchor.signatureBytes());

    assertThat(anchor.signedText()).isEqualTo("callvault-audit-anchor-v1\n42\n" + "ab".repeat(32)
        + "\n2024-03-15T14:22:33.123456Z\nhub-1\nerasure\n" + anchor.keyId() + "\n");
    assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin", "-in", msg.toString(),
        "-sigfile", sig.toString())).contains("Signature Verified Successfully");
    Anchor reread = Anchor.parse(anchor.toJson(), "x");
    assertThat(reread.signedText()).isEqualTo(anchor.signedText());
    assertThat(AnchorKeys.verifies(pair.getPublic(), reread.signedBytes(), reread.signatureBytes())).isTrue();
  }

  @Test
  void documentThatIsNotAnAnchorIsRefusedWithTheReason() {
    assertThatThrownBy(() -> Anchor.parse("{\"format\":\"callvault-audit-anchor-v1\",\"seq\":3}".getBytes(), "x"))
        .hasMessage("field at is missing");
    assertThatThrownBy(() -> Anchor.parse("[1]".getBytes(), "x")).hasMessageContaining("not a callvault-audit-anchor-v1");
    assertThatThrownBy(() -> AnchorKeys.privateKey(dir.resolve("missing.key").toString()))
        .hasMessageContaining("cannot read the key file");
    assertThatThrownBy(() -> AnchorKeys.privateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .hasMessageContaining("not an Ed25519 private key");
  }

  private static String openssl(String... args) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
    String[] cmd = new String[args.length + 1];
    cmd[0] = "openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
