package io.callvault.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 keys of the audit anchors, with the JDK's own provider: PKCS#8 PEM private keys
 * ({@code openssl genpkey -algorithm ed25519}) and X.509 PEM public keys ({@code openssl pkey -pubout}).
 * Verifying an anchor needs only the public key.
 */
public final class AnchorKeys {

  private static final String ALGORITHM = "Ed25519";
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private AnchorKeys() {
  }

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later has)", e);
    }
  }

  /** The private key as PKCS#8 PEM, the format openssl writes. */
  public static String privatePem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** The public key as X.509 SubjectPublicKeyInfo PEM. */
  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * The private key in {@code pemOrFile}: PEM text, or the path of a PEM file.
   *
   * @throws IllegalArgumentException when it cannot be read or is not an Ed25519 PKCS#8 key
   */
  public static PrivateKey privateKey(String pemOrFile) {
    List<byte[]> ders = blocks(read(pemOrFile), "PRIVATE KEY");
    if (ders.size() != 1) {
      throw new IllegalArgumentException("expected one '-----BEGIN PRIVATE KEY-----' block (PKCS#8 PEM), found "
          + ders.size());
    }
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key (make one with: openssl genpkey -algorithm"
          + " ed25519 -out anchor.key)");
    }
  }

  /**
   * Every public key in {@code pemOrFile} (PEM text or a file path); several blocks are several trusted keys
   * (old keys stay trusted for the anchors they signed).
   *
   * @throws IllegalArgumentException when it cannot be read, has no key, or a key is not Ed25519
   */
  public static List<PublicKey> publicKeys(String pemOrFile) {
    List<byte[]> ders = blocks(read(pemOrFile), "PUBLIC KEY");
    if (ders.isEmpty()) {
      throw new IllegalArgumentException("no '-----BEGIN PUBLIC KEY-----' block found");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (byte[] der : ders) {
      keys.add(publicKey(der));
    }
    return keys;
  }

  /** The public half of an Ed25519 private key. */
  public static PublicKey publicOf(PrivateKey key) {
    byte[] seed = ((EdECPrivateKey) key).getBytes()
        .orElseThrow(() -> new IllegalArgumentException("the private key's bytes are not readable"));
    byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    return publicKey(ByteBuffer.allocate(SPKI_PREFIX.length + raw.length).put(SPKI_PREFIX).put(raw).array());
  }

  /** 16 hex digits naming a public key: the start of the SHA-256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit anchor: " + e.getMessage(), e);
    }
  }

  static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Writes a new file that nobody else may read ({@code rw-------}) in a directory created {@code rwx------};
   * refuses to overwrite. {@code secret} false makes it {@code rw-r--r--} (public keys).
   */
  public static void writeNew(Path file, String content, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, permissions("rwx------"));
    }
    try (SeekableByteChannel ch = Files.newByteChannel(file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), permissions(secret ? "rw-------" : "rw-r--r--"))) {
      ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  /** POSIX permissions where the file system has them, nothing elsewhere. */
  static FileAttribute<?>[] permissions(String perms) {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))}
        : new FileAttribute<?>[0];
  }

  private static PublicKey publicKey(byte[] der) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key (make it with: openssl pkey -in anchor.key"
          + " -pubout -out anchor.pub)");
    }
  }

  private static String read(String pemOrFile) {
    if (pemOrFile == null || pemOrFile.isBlank()) {
      throw new IllegalArgumentException("no key given");
    }
    if (pemOrFile.contains("-----BEGIN")) {
      return pemOrFile;
    }
    try {
      return Files.readString(Path.of(pemOrFile.strip()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      String name = pemOrFile.strip();
      // never echo what may be key material pasted without its PEM header
      throw new IllegalArgumentException("cannot read the key file" + (name.length() < 256 && !name.contains("\n")
          ? " " + name : "") + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static List<byte[]> blocks(String text, String type) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return out;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
