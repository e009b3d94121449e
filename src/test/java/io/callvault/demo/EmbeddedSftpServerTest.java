package io.callvault.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EmbeddedSftpServer with the JSch fork Camel uses, host-key checking strict. */
class EmbeddedSftpServerTest {

    private static final String USER = "pbx";
    private static final String PASSWORD = "drop-secret";

    @TempDir
    Path dir;

    private final List<EmbeddedSftpServer> servers = new ArrayList<>();
    private Path root;
    private EmbeddedSftpServer server;

    @BeforeEach
    void start() throws Exception {
        root = dir.resolve("drop");
        Files.createDirectories(root.resolve("2024/03/15"));
        Files.writeString(root.resolve("2024/03/15/rec-0001.wav"), "RIFF-not-really-audio", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("outside.txt"), "must stay unreachable");
        server = started(new EmbeddedSftpServer(root, dir.resolve("keys/sftp-host.pem"), USER, PASSWORD));
    }

    @AfterEach
    void stop() throws Exception {
        for (EmbeddedSftpServer s : servers) {
            s.close();
        }
    }

    @Test
    void strictClientWithKnownHostsListsAndReadsAFile() throws Exception {
        Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));

        Session session = strictSession(knownHosts, PASSWORD);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(5000);
            Vector<ChannelSftp.LsEntry> entries = sftp.ls("/2024/03/15");
            assertThat(entries).extracting(ChannelSftp.LsEntry::getFilename).contains("rec-0001.wav");
            assertThat(read(sftp, "/2024/03/15/rec-0001.wav")).isEqualTo("RIFF-not-really-audio");
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
    }

    @Test
    void knownHostsLineIsAnEcdsaKeyForTheBracketedHostAndPort() {
        assertThat(server.knownHostsLine())
                .matches("\\[127\\.0\\.0\\.1\\]:" + server.port() + " ecdsa-sha2-nistp256 AAAA[A-Za-z0-9+/]+=*");
    }

    @Test
    void clientRefusesAServerWhoseHostKeyChanged() throws Exception {
        EmbeddedSftpServer impostor = started(new EmbeddedSftpServer(root, dir.resolve("keys/other.pem"), USER, PASSWORD));
        Path knownHosts = dir.resolve("known_hosts_pinned");
        // pin the genuine server's key for the impostor's address
        Files.writeString(knownHosts, "[127.0.0.1]:" + impostor.port() + " " + server.hostPublicKey() + "\n");

        assertThatThrownBy(() -> connect(knownHosts, impostor.port(), PASSWORD))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("HostKey has been changed");
    }

    @Test
    void clientRefusesAnUnknownHostWhenChecksAreStrict() throws Exception {
        Path empty = Files.createFile(dir.resolve("known_hosts_empty"));

        assertThatThrownBy(() -> connect(empty, server.port(), PASSWORD))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("reject HostKey");
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));

        assertThatThrownBy(() -> connect(knownHosts, server.port(), "guess"))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("Auth fail");
    }

    @Test
    void hostKeyIsKeptAcrossRestarts() throws Exception {
        String before = server.hostPublicKey();
        server.close();

        EmbeddedSftpServer again = started(new EmbeddedSftpServer(root, dir.resolve("keys/sftp-host.pem"), USER, PASSWORD));

        assertThat(again.hostPublicKey()).isEqualTo(before).startsWith("ecdsa-sha2-nistp256 ");
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/sftp-host.pem")))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void writeKnownHostsReplacesTheLineForTheSameAddressAndKeepsOthers() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 AAAAstale\n"
                + "[example.invalid]:2222 ssh-ed25519 AAAAother\n");

        server.writeKnownHosts(knownHosts);

        assertThat(Files.readAllLines(knownHosts))
                .containsExactly("[example.invalid]:2222 ssh-ed25519 AAAAother", server.knownHostsLine());
    }

    @Test
    void publicKeyFromAuthorizedKeysIsAccepted() throws Exception {
        JSch jsch = new JSch();
        KeyPair pair = KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256);
        Path privateKey = dir.resolve("id_ecdsa");
        Path authorized = dir.resolve("authorized_keys");
        pair.writePrivateKey(privateKey.toString());
        pair.writePublicKey(authorized.toString(), "pbx-export");
        pair.dispose();
        EmbeddedSftpServer withKeys = started(
                new EmbeddedSftpServer(root, dir.resolve("keys/k.pem"), USER, PASSWORD).authorizedKeys(authorized));
        Path knownHosts = withKeys.writeKnownHosts(dir.resolve("known_hosts_k"));

        jsch.setKnownHosts(knownHosts.toString());
        jsch.addIdentity(privateKey.toString());
        Session session = jsch.getSession(USER, "127.0.0.1", withKeys.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.connect(5000);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(5000);
            assertThat(read(sftp, "/2024/03/15/rec-0001.wav")).isEqualTo("RIFF-not-really-audio");
        } finally {
            session.disconnect();
        }
    }

    @Test
    void userCannotLeaveTheDropDirectory() throws Exception {
        Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
        Session session = strictSession(knownHosts, PASSWORD);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(5000);
            assertThatThrownBy(() -> read(sftp, "/../outside.txt")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> read(sftp, "../outside.txt")).isInstanceOf(SftpException.class);
        } finally {
            session.disconnect();
        }
    }

    private EmbeddedSftpServer started(EmbeddedSftpServer s) throws Exception {
        servers.add(s);
        return s.start();
    }

    private Session strictSession(Path knownHosts, String password) throws JSchException {
        return connect(knownHosts, server.port(), password);
    }

    private static Session connect(Path knownHosts, int port, String password) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        Session session = jsch.getSession(USER, "127.0.0.1", port);
        session.setPassword(password);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "password");
        session.connect(5000);
        return session;
    }

    private static String read(ChannelSftp sftp, String path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = sftp.get(path)) {
            in.transferTo(out);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
