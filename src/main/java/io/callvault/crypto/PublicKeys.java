package io.callvault.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/** Reads OpenPGP public key files and picks the keys that recordings can be encrypted to. */
public final class PublicKeys {

    private PublicKeys() {
    }

    /**
     * Returns the encryption-capable keys of every public key ring in {@code file}. The file may be
     * armoured (several armour blocks may follow each other) or binary, and may hold several
     * certificates. A key qualifies if its algorithm can encrypt, it is not revoked or expired, and
     * its self-signatures, when they carry key flags, allow encryption.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or parsed, or holds no
     *                                  usable encryption key
     */
    public static List<PGPPublicKey> encryptionKeys(Path file) {
        List<PGPPublicKeyRing> rings;
        try {
            rings = readRings(file);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read OpenPGP public keys from " + file + ": "
                    + e.getMessage() + "; expected an armoured or binary public key export (gpg --export)", e);
        }
        if (rings.isEmpty()) {
            throw new IllegalArgumentException("no OpenPGP public key found in " + file
                    + "; expected an armoured or binary public key export (gpg --export)");
        }
        List<PGPPublicKey> keys = new ArrayList<>();
        Instant now = Instant.now();
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey primary = ring.getPublicKey();
            if (primary.hasRevocation() || expired(primary, now)) {
                continue;
            }
            for (PGPPublicKey key : ring) {
                if (key.isEncryptionKey() && !key.hasRevocation() && !expired(key, now)
                        && flagsAllowEncryption(key, primary.getKeyID())) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no usable encryption key in " + file + " (" + rings.size()
                    + " certificate(s) read; all are sign-only, revoked or expired); export a key with an"
                    + " encryption subkey");
        }
        return List.copyOf(keys);
    }

    private static List<PGPPublicKeyRing> readRings(Path file) throws IOException, PGPException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            while (hasMoreData(in)) {
                JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(in));
                Object object;
                boolean any = false;
                while ((object = factory.nextObject()) != null) {
                    any = true;
                    if (object instanceof PGPPublicKeyRing ring) {
                        rings.add(ring);
                    } else if (!(object instanceof PGPMarker)) {
                        throw new PGPException("unexpected " + object.getClass().getSimpleName()
                                + " where a public key ring was expected");
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        return rings;
    }

    /** Skips whitespace between armour blocks; true if anything else follows. */
    private static boolean hasMoreData(InputStream in) throws IOException {
        while (true) {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return false;
            }
            if (!Character.isWhitespace(b)) {
                in.reset();
                return true;
            }
        }
    }

    private static boolean expired(PGPPublicKey key, Instant now) {
        long valid = key.getValidSeconds();
        return valid > 0 && key.getCreationTime().toInstant().plusSeconds(valid).isBefore(now);
    }

    /** Key flags from the key's own self-signatures; absent flags leave the decision to the algorithm. */
    private static boolean flagsAllowEncryption(PGPPublicKey key, long primaryKeyId) {
        boolean sawFlags = false;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            if (sig.getKeyID() != primaryKeyId || !isSelfSignatureType(sig.getSignatureType())) {
                continue;
            }
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (hashed == null || !hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
                continue;
            }
            sawFlags = true;
            if ((hashed.getKeyFlags() & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
                return true;
            }
        }
        return !sawFlags;
    }

    private static boolean isSelfSignatureType(int type) {
        return type == PGPSignature.SUBKEY_BINDING || type == PGPSignature.DIRECT_KEY
                || type == PGPSignature.POSITIVE_CERTIFICATION || type == PGPSignature.CASUAL_CERTIFICATION
                || type == PGPSignature.NO_CERTIFICATION || type == PGPSignature.DEFAULT_CERTIFICATION;
    }
}
