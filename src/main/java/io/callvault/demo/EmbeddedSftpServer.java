package io.callvault.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process SFTP server (Apache MINA SSHD) on 127.0.0.1 for the demo and integration tests.
 * One user, password auth (plus optional public keys from an OpenSSH {@code authorized_keys} file),
 * SFTP only (no shell, no exec), chrooted to a directory. The host key is an ECDSA P-256 key generated
 * once and kept in a file, so clients can pin it in {@code known_hosts} with strict checking on.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private final Path root;
    private final Path hostKeyFile;
    private final String user;
    private final byte[] password;
    private Path authorizedKeysFile;
    private final List<SftpEventListener> listeners = new ArrayList<>();
    private int requestedPort;
    private SshServer sshd;
    private PublicKey hostKey;
    private String home;
    private boolean legacyRsa;
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param root directory the user sees as {@code /} (created if missing)
     * @param hostKeyFile where the host key is kept: read if present, generated and written otherwise
     * @param user the only user name accepted
     * @param password that user's password
     */
    public EmbeddedSftpServer(Path root, Path hostKeyFile, String user, String password) {
        this.root = Objects.requireNonNull(root, "root");
        this.hostKeyFile = Objects.requireNonNull(hostKeyFile, "hostKeyFile");
        this.user = requireText(user, "user");
        this.password = requireText(password, "password").getBytes(StandardCharsets.UTF_8);
    }

    /** Also accepts the public keys in this OpenSSH {@code authorized_keys} file; call before {@link #start()}. */
    public EmbeddedSftpServer authorizedKeys(Path file) {
        this.authorizedKeysFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Also tells {@code listener} what clients do (opens, reads...), e.g. for tests; call before {@link #start()}. */
    public EmbeddedSftpServer sftpEventListener(SftpEventListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Gives the user a home directory other than {@code /} (a path inside the root, such as {@code /home/pbx}), as
     * real servers do: relative paths are then below it, absolute ones below the root. Call before {@link #start()}.
     */
    public EmbeddedSftpServer homeDirectory(String pathInsideRoot) {
        if (!pathInsideRoot.startsWith("/")) {
            throw new IllegalArgumentException("the home directory must be an absolute path inside the root");
        }
        this.home = pathInsideRoot;
        return this;
    }

    /**
     * Plays an old server: an RSA host key signed only with SHA-1 {@code ssh-rsa}, which current clients refuse
     * unless told otherwise. For tests of that option only; call before {@link #start()}.
     */
    public EmbeddedSftpServer legacyRsaHostKey() {
        this.legacyRsa = true;
        return this;
    }

    /** How many SSH sessions clients have opened (each login attempt opens one). */
    public int sessionsOpened() {
        return sessions.get();
    }

    /** Listens on this port instead of a free one; call before {@link #start()}. */
    public EmbeddedSftpServer port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.requestedPort = port;
        return this;
    }

    /** Starts the server; returns {@code this}. */
    public synchronized EmbeddedSftpServer start() throws IOException {
        if (sshd != null) {
            throw new IllegalStateException("SFTP server already started");
        }
        Files.createDirectories(root);
        Path keyDir = hostKeyFile.toAbsolutePath().getParent();
        if (keyDir != null) {
            Files.createDirectories(keyDir);
        }
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        keys.setAlgorithm(legacyRsa ? KeyUtils.RSA_ALGORITHM : KeyUtils.EC_ALGORITHM);
        keys.setKeySize(legacyRsa ? 2048 : 256);
        this.hostKey = loadHostKey(keys);

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(requestedPort);
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((u, p, s) -> user.equals(u) && p != null
                && MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8)));
        server.setPublickeyAuthenticator(publicKeys());
        server.setShellFactory(null);
        server.setCommandFactory(null);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        listeners.forEach(sftp::addSftpEventListener);
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(home == null ? new VirtualFileSystemFactory(root.toAbsolutePath())
                : new HomeInRoot(root.toAbsolutePath(), home));
        if (legacyRsa) {
            server.setSignatureFactories(List.of(org.apache.sshd.common.signature.BuiltinSignatures.rsa));
        }
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                sessions.incrementAndGet();
            }
        });
        // without it, Nagle holds each small SFTP reply until the client's delayed ACK (about 40 ms)
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot start the embedded SFTP server on 127.0.0.1:" + requestedPort + ": "
                    + e.getMessage(), e);
        }
        this.sshd = server;
        return this;
    }

    /** The port the server listens on; only after {@link #start()}. */
    public int port() {
        return running().getPort();
    }

    /** The host's public key, e.g. {@code ecdsa-sha2-nistp256 AAAA...}. */
    public String hostPublicKey() {
        running();
        return PublicKeyEntry.toString(hostKey);
    }

    /**
     * The {@code known_hosts} line for this server as OpenSSH and JSch write it:
     * {@code [127.0.0.1]:<port> ecdsa-sha2-nistp256 AAAA...} (a bare host when the port is 22).
     */
    public String knownHostsLine() {
        return hostPattern() + " " + hostPublicKey();
    }

    /**
     * Writes this server's {@link #knownHostsLine()} into {@code file}, replacing any earlier line for the
     * same host and port and keeping the others. Returns {@code file}.
     */
    public Path writeKnownHosts(Path file) throws IOException {
        String pattern = hostPattern();
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String first = line.strip().split("\\s+", 2)[0];
                if (!first.equals(pattern)) {
                    lines.add(line);
                }
            }
        } else {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        }
        lines.add(knownHostsLine());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Stops the server; the files stay. */
    @Override
    public synchronized void close() throws IOException {
        if (sshd != null) {
            try {
                sshd.stop(true);
            } finally {
                sshd = null;
            }
        }
    }

    private String hostPattern() {
        int port = port();
        return port == 22 ? "127.0.0.1" : "[127.0.0.1]:" + port;
    }

    private PublickeyAuthenticator publicKeys() {
        if (authorizedKeysFile == null) {
            return RejectAllPublickeyAuthenticator.INSTANCE;
        }
        AuthorizedKeysAuthenticator fromFile = new AuthorizedKeysAuthenticator(authorizedKeysFile);
        return (u, key, session) -> user.equals(u) && fromFile.authenticate(u, key, session);
    }

    private PublicKey loadHostKey(SimpleGeneratorHostKeyProvider keys) throws IOException {
        List<KeyPair> pairs = keys.loadKeys(null);
        if (pairs.isEmpty()) {
            throw new IOException("no host key could be read or generated at " + hostKeyFile);
        }
        PublicKey key = pairs.get(0).getPublic();
        String type = KeyUtils.getKeyType(key);
        if (legacyRsa && "ssh-rsa".equals(type)) {
            return key;
        }
        if (type == null || !(type.startsWith("ecdsa-") || type.equals("ssh-ed25519"))) {
            throw new IOException("host key " + hostKeyFile + " is of type " + type
                    + "; use an EC or Ed25519 key (delete the file to generate an EC key): Camel's SFTP client"
                    + " rejects SHA-1 ssh-rsa host keys");
        }
        return key;
    }

    /** The root as {@code /}, with the user's current directory at login set to a home below it. */
    private static final class HomeInRoot implements org.apache.sshd.common.file.FileSystemFactory {
        private final Path root;
        private final String home;

        HomeInRoot(Path root, String home) {
            this.root = root;
            this.home = home;
        }

        @Override
        public Path getUserHomeDir(org.apache.sshd.common.session.SessionContext session) {
            return null;
        }

        @Override
        public java.nio.file.FileSystem createFileSystem(org.apache.sshd.common.session.SessionContext session)
                throws IOException {
            Files.createDirectories(root.resolve(home.substring(1)));
            org.apache.sshd.common.file.root.RootedFileSystemProvider provider =
                    new org.apache.sshd.common.file.root.RootedFileSystemProvider();
            return new org.apache.sshd.common.file.root.RootedFileSystem(provider, root, java.util.Map.of()) {
                @Override
                public org.apache.sshd.common.file.root.RootedPath getDefaultDir() {
                    return getPath(home);
                }
            };
        }
    }

    private SshServer running() {
        SshServer s = sshd;
        if (s == null) {
            throw new IllegalStateException("SFTP server not started");
        }
        return s;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("SFTP " + what + " must not be empty");
        }
        return value;
    }
}
