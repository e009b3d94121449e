package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.config.ConfigException;
import io.callvault.demo.EmbeddedSftpServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * PBX drops as real servers are set up, against embedded MINA SSHD servers: a key login, an absolute drop
 * directory below a home that is not /, a known_hosts file that must exist, a refused login or an unknown host
 * key explained once, an old ssh-rsa server accepted only by the source's option, and several sources at once.
 */
class SftpConnectionsIT extends HubIT {
  private static final String DAY = "2024/03/15/";
  private final List<EmbeddedSftpServer> servers = new ArrayList<>();
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void stopServers() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    for (EmbeddedSftpServer s : servers) {
      s.close();
    }
  }

  /** An OpenSSH private key file (ECDSA P-256) and the authorized_keys file that accepts it. */
  private Path keyPair(String name) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    Path priv = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(priv)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "callvault-test", null, out);
    }
    Files.writeString(dir.resolve(name + ".authorized_keys"), PublicKeyEntry.toString(kp.getPublic()) + "\n");
    return priv;
  }

  private EmbeddedSftpServer server(String name, String user) throws Exception {
    EmbeddedSftpServer s = new EmbeddedSftpServer(dir.resolve(name + "-root"), dir.resolve(name + "-hostkey.pem"), user,
        "not-the-one-" + name);
    servers.add(s);
    return s;
  }

  private void pointPbx1At(EmbeddedSftpServer s, String user) throws Exception {
    hub.overrides.put("pbx1.port", Integer.toString(s.port()));
    hub.overrides.put("pbx1.username", user);
    hub.overrides.put("pbx1.known-hosts-file", s.writeKnownHosts(dir.resolve("known_hosts")).toString());
  }

  private long warnings(String text) {
    return logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .filter(e -> e.getFormattedMessage().contains(text)).count();
  }

  @Test
  void aKeyLoginReadsAnAbsoluteDropDirectoryOutsideTheLoginsHome() throws Exception {
    Path key = keyPair("pbx1_ecdsa");
    EmbeddedSftpServer pbx = server("pbx", "callvault").homeDirectory("/home/callvault")
        .authorizedKeys(dir.resolve("pbx1_ecdsa.authorized_keys")).start();
    pointPbx1At(pbx, "callvault");
    hub.overrides.put("pbx1.password", "");
    hub.overrides.put("pbx1.private-key-file", key.toString());
    hub.overrides.put("pbx1.directory", "/var/spool/asterisk/monitor");
    hub.start();
    Path drop = dir.resolve("pbx-root/var/spool/asterisk/monitor");
    Path wav = HubFixture.dropInto(drop, DAY + "in-201-07700900123-20240315-103000-1710498600.1.wav", TestAudio.wav(1, 51));

    HubFixture.await("the recording leaves the absolute drop", WAIT, () -> !Files.exists(wav));
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(DAY + wav.getFileName()))).isNotEmpty();
    assertThat(dir.resolve("pbx-root/home/callvault/var")).as("nothing below the home").doesNotExist();
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("Will skip this poll"));
  }

  @Test
  void aMissingKnownHostsFileStopsTheStartNamingTheKeyAndTheFix() {
    hub.overrides.put("pbx1.known-hosts-file", dir.resolve("no_such_known_hosts").toString());

    assertThatThrownBy(hub::start).isInstanceOf(ConfigException.class).satisfies(e -> assertThat(
        ((ConfigException) e).problems()).anySatisfy(p -> {
          assertThat(p.where()).isEqualTo("pbx1.known-hosts-file");
          assertThat(p.fix()).contains("ssh-keyscan -p");
        }));
  }

  @Test
  void aRefusedLoginIsExplainedOnceNotAtEveryPollAndTheSourceBacksOff() throws Exception {
    hub.overrides.put("pbx1.password", "wrong-password");
    hub.start();

    HubFixture.await("three logins were tried", WAIT, () -> hub.sftp.sessionsOpened() >= 3);
    assertThat(warnings("authentication failed for user pbx on 127.0.0.1:" + hub.sftp.port())).isEqualTo(1);
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("Will skip this poll"));
    assertThat(logs.list).as("no stack trace, no Camel warning per poll").noneMatch(e -> e.getThrowableProxy() != null
        && !e.getLoggerName().startsWith("org.apache.sshd") || e.getFormattedMessage().contains("Failed polling"));
    org.apache.camel.support.ScheduledPollConsumer consumer = (org.apache.camel.support.ScheduledPollConsumer)
        hub.hub.camelContext().getRoute("pbx-asterisk-1").getConsumer();
    assertThat(consumer.getBackoffErrorThreshold()).isEqualTo(1);
    assertThat(consumer.getBackoffMultiplier()).isEqualTo(6);
  }

  @Test
  void anUnknownHostKeyIsExplainedOnceWithTheFileAndTheCommandThatAddsIt() throws Exception {
    Path other = dir.resolve("other_known_hosts");
    Files.writeString(other, "[127.0.0.1]:1 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=\n");
    hub.overrides.put("pbx1.known-hosts-file", other.toString());
    hub.start();

    HubFixture.await("two connections were tried", WAIT, () -> hub.sftp.sessionsOpened() >= 2);
    assertThat(warnings("host key for 127.0.0.1:" + hub.sftp.port() + " not in " + other)).isEqualTo(1);
    assertThat(logs.list).as("the command survives the log's phone-number guard").anyMatch(e ->
        io.callvault.privacy.PersonalData.redact(e.getFormattedMessage())
            .contains("ssh-keyscan -p " + hub.sftp.port() + " -t ed25519,ecdsa 127.0.0.1 >> " + other));
  }

  @Test
  void anOldServerWithOnlySshRsaHostKeysIsRefusedWithTheFixThenAcceptedByTheSourcesOption() throws Exception {
    EmbeddedSftpServer old = new EmbeddedSftpServer(dir.resolve("old-root"), dir.resolve("old-hostkey.pem"), "pbx",
        "old-pw").legacyRsaHostKey().start();
    servers.add(old);
    Path knownHosts = old.writeKnownHosts(dir.resolve("old_known_hosts"));
    Map<String, String> login = Map.of("port", Integer.toString(old.port()), "password", "old-pw",
        "knownHostsFile", knownHosts.toString());
    hub.addSource("strict", "freepbx", "", "drop", login);
    Map<String, String> legacy = new java.util.HashMap<>(login);
    legacy.put("serverHostKeys", "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256,ssh-rsa");
    Path drop = hub.addSource("legacy", "3cx", "", "Recordings", legacy);
    Files.createDirectories(dir.resolve("old-root/drop"));
    hub.start();
    Path wav = HubFixture.dropInto(dir.resolve("old-root/Recordings"), "201/[A B]_+447700900123-201_20240315103000(5).wav",
        TestAudio.wav(1, 52));

    HubFixture.await("the legacy source reads the old server", WAIT, () -> !Files.exists(wav));
    HubFixture.await("the strict source says why it cannot", WAIT, () -> warnings("serverHostKeys") > 0);
    assertThat(warnings("only server_host_key algorithms the client refuses (ssh-rsa)")).isEqualTo(1);
  }

  @Test
  void severalSourcesRunAtOnceEachWithItsOwnServerCredentialsAndFormat() throws Exception {
    Path key = keyPair("recorder_ecdsa");
    EmbeddedSftpServer recorder = server("recorder", "recorder").authorizedKeys(dir.resolve("recorder_ecdsa.authorized_keys"))
        .start();
    Path recorderKnownHosts = recorder.writeKnownHosts(dir.resolve("recorder_known_hosts"));
    hub.addSource("3cx-1", "3cx", "", "Recordings", Map.of("port", Integer.toString(recorder.port()), "username",
        "recorder", "password", "", "privateKeyFile", key.toString(), "knownHostsFile", recorderKnownHosts.toString()));
    hub.start();
    Path freepbx = hub.dropFile(DAY + "in-201-07700900123-20240315-103000-1710498601.1.wav", TestAudio.wav(1, 53));
    Path threeCx = HubFixture.dropInto(dir.resolve("recorder-root/Recordings"),
        "202/[C D]_202-07700900456_20240315110000(6).wav", TestAudio.wav(1, 54));

    HubFixture.await("both drops are read", WAIT, () -> !Files.exists(freepbx) && !Files.exists(threeCx));
    assertThat(hub.subjectRecordings("07700900123").body()).contains(recordingId(DAY + freepbx.getFileName()));
    assertThat(hub.subjectRecordings("07700900456").body())
        .contains(io.callvault.source.RecordingIdentifier.recordingId("3cx-1", "202/20240315110000(6)"));
  }
}
