package io.callvault.store;

import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Size, SHA-256 and (unless the copy's storage target checks SHA-256) MD5 of a file, computed in one streaming pass.
 * {@code md5} is null when it was not computed: the upload then sends {@code x-amz-checksum-sha256} instead of a
 * Content-MD5.
 */
public record FileDigest(long size, byte[] md5, byte[] sha256) {

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

    /** The digest of a small body held in memory. */
    public static FileDigest of(byte[] body) {
        return new FileDigest(body.length, newDigest("MD5").digest(body), newDigest("SHA-256").digest(body));
    }

    /**
     * An output stream that digests what passes through it on the way to {@code out}: wrap the stream that
     * writes a file, and the file's digest is known when it is closed, without reading it again.
     */
    public static Digesting digesting(OutputStream out) {
        return new Digesting(out, true);
    }

    /** Like {@link #digesting(OutputStream)}; without an MD5 unless {@code md5} (one pass fewer per byte). */
    public static Digesting digesting(OutputStream out, boolean md5) {
        return new Digesting(out, md5);
    }

    /** See {@link #digesting(OutputStream)}. */
    public static final class Digesting extends FilterOutputStream {
        private final MessageDigest md5;
        private final MessageDigest sha256 = newDigest("SHA-256");
        private long size;

        private Digesting(OutputStream out, boolean md5) {
            super(out);
            this.md5 = md5 ? newDigest("MD5") : null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (md5 != null) {
                md5.update(b, off, len);
            }
            sha256.update(b, off, len);
            size += len;
            out.write(b, off, len);
        }

        /** The digest of everything written so far; call it once, after the last write. */
        public FileDigest digest() {
            return new FileDigest(size, md5 == null ? null : md5.digest(), sha256.digest());
        }
    }

    /** Whether the MD5 was computed (see the class comment). */
    public boolean hasMd5() {
        return md5 != null;
    }

    String md5Hex() {
        return HexFormat.of().formatHex(md5);
    }

    /** The Content-MD5 value, or null when the MD5 was not computed. */
    public String md5Base64() {
        return md5 == null ? null : Base64.getEncoder().encodeToString(md5);
    }

    /** The {@code x-amz-checksum-sha256} value. */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256);
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
