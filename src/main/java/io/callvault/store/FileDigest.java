package io.callvault.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Size, MD5 and SHA-256 of a file, computed in one streaming pass. */
record FileDigest(long size, byte[] md5, byte[] sha256) {

    private static final int BUFFER = 64 * 1024;

    static FileDigest of(Path file) throws IOException {
        MessageDigest md5 = newDigest("MD5");
        MessageDigest sha256 = newDigest("SHA-256");
        long size = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) != -1) {
                md5.update(buf, 0, n);
                sha256.update(buf, 0, n);
                size += n;
            }
        }
        return new FileDigest(size, md5.digest(), sha256.digest());
    }

    String md5Hex() {
        return HexFormat.of().formatHex(md5);
    }

    String md5Base64() {
        return Base64.getEncoder().encodeToString(md5);
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
