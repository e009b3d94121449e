package io.callvault.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * Generates OpenPGP key pairs that gpg 2.2 can import: a v4 RSA-3072 certify/sign primary key with
 * an RSA-3072 encryption subkey, no expiry, preferring AES-256 and no compression.
 *
 * <p>The secret key is written <em>unprotected</em> (no passphrase): it is meant for demos and for
 * bootstrapping ops. Operators must move it off the callvault host, protect it (for example
 * {@code gpg --import} then {@code gpg --passwd}, or a hardware token) and delete the file.
 */
public final class KeyPairs {

    static final int RSA_BITS = 3072;

    private KeyPairs() {
    }

    /**
     * Writes {@code <name>.pub.asc} and {@code <name>.sec.asc} (POSIX mode 600) into {@code dir}.
     *
     * @param name   file name stem: letters, digits, '.', '_' or '-'
     * @param userId OpenPGP user id, e.g. {@code "Quality team <quality@example.com>"}
     * @throws IllegalArgumentException if {@code name} is not a plain file name stem
     * @throws FileAlreadyExistsException if either file already exists (nothing is overwritten)
     */
    public static GeneratedKey generate(String name, String userId, Path dir) throws IOException {
        Objects.requireNonNull(userId, "userId");
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("key name must be letters, digits, '.', '_' or '-': " + name);
        }
        if (userId.isBlank()) {
            throw new IllegalArgumentException("user id must not be blank");
        }
        Path publicFile = dir.resolve(name + ".pub.asc");
        Path secretFile = dir.resolve(name + ".sec.asc");
        for (Path file : new Path[] {publicFile, secretFile}) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null,
                        "refusing to overwrite an existing key file; move it away or choose another name");
            }
        }

        PGPKeyRingGenerator generator;
        try {
            generator = ringGenerator(userId);
        } catch (GeneralSecurityException | PGPException e) {
            throw new IllegalStateException("cannot generate an OpenPGP key pair: " + e.getMessage(), e);
        }
        PGPSecretKeyRing secretRing = generator.generateSecretKeyRing();
        PGPPublicKeyRing publicRing = generator.generatePublicKeyRing();

        io.callvault.config.PrivateFiles.directories(dir);
        createSecretFile(secretFile);
        try {
            try (OutputStream out = Files.newOutputStream(secretFile, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeArmoured(out, secretRing.getEncoded());
            }
            try (OutputStream out = Files.newOutputStream(publicFile, StandardOpenOption.CREATE_NEW)) {
                writeArmoured(out, publicRing.getEncoded());
            }
        } catch (IOException e) {
            Files.deleteIfExists(secretFile);
            throw e;
        }
        String fingerprint = HexFormat.of().withUpperCase().formatHex(publicRing.getPublicKey().getFingerprint());
        return new GeneratedKey(publicFile, secretFile, fingerprint);
    }

    private static PGPKeyRingGenerator ringGenerator(String userId) throws GeneralSecurityException, PGPException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(RSA_BITS, new SecureRandom());
        Date now = new Date();
        PGPKeyPair primary = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL,
                rsa.generateKeyPair(), now);
        PGPKeyPair encryption = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL,
                rsa.generateKeyPair(), now);

        PGPSignatureSubpacketGenerator primarySubpackets = new PGPSignatureSubpacketGenerator();
        primarySubpackets.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        primarySubpackets.setPreferredSymmetricAlgorithms(false, new int[] {
                SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_192, SymmetricKeyAlgorithmTags.AES_128});
        primarySubpackets.setPreferredHashAlgorithms(false, new int[] {
                HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
        primarySubpackets.setPreferredCompressionAlgorithms(false, new int[] {CompressionAlgorithmTags.UNCOMPRESSED});
        primarySubpackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
        primarySubpackets.setIssuerFingerprint(false, primary.getPublicKey());

        PGPSignatureSubpacketGenerator subkeySubpackets = new PGPSignatureSubpacketGenerator();
        subkeySubpackets.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
        subkeySubpackets.setIssuerFingerprint(false, primary.getPublicKey());

        PGPDigestCalculator sha1 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
        JcaPGPContentSignerBuilder signer =
                new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA512);
        PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
                userId, sha1, primarySubpackets.generate(), null, signer, null);
        generator.addSubKey(encryption, subkeySubpackets.generate(), null);
        return generator;
    }

    /** Creates the secret key file empty, with mode 600 from the start where the file system is POSIX. */
    private static void createSecretFile(Path secretFile) throws IOException {
        boolean posix = secretFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(secretFile);
        }
    }

    private static void writeArmoured(OutputStream out, byte[] encoded) throws IOException {
        try (ArmoredOutputStream armour = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armour.write(encoded);
        }
    }
}
