package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.source.Recording.AudioFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreePbxFileNameTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "in-01632960000-07700900123-20240315-141233-1710512553.42.wav, in, 01632960000, 07700900123",
    "out-07700900123-201-20240315-141233-1710512553.43.wav, out, 07700900123, 201",
    "internal-202-201-20240315-141233-1710512553.44.wav, internal, 202, 201",
    "external-07700900999-07700900123-20240315-141233-1710512553.45.wav, external, 07700900999, 07700900123",
    "q-400-+447700900123-20240315-141233-1710512553.46.wav, q, 400, +447700900123",
    "rg-600-447700900123-20240315-141233-1710512553.47.wav, rg, 600, 447700900123",
    "ondemand-205-07700900123-20240315-141233-1710512553.48.wav, ondemand, 205, 07700900123",
    "force-07700900123-207-20240315-141233-1710512553.49.wav, force, 07700900123, 207",
    "exten-220-201-20240315-141233-1710512553.50.wav, exten, 220, 201",
  })
  void parsesEveryFreePbxCallType(String name, String type, String to, String from)
      throws Exception {
    ParsedName parsed = FreePbxFileName.parse("2024/03/15/" + name);

    assertThat(parsed.callType()).isEqualTo(type);
    assertThat(parsed.to()).isEqualTo(to);
    assertThat(parsed.from()).isEqualTo(from);
    assertThat(parsed.localStart()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 12, 33));
    assertThat(parsed.epochStart()).isNull();
    assertThat(parsed.uniqueId()).startsWith("1710512553.");
    assertThat(parsed.format()).isEqualTo(AudioFormat.WAV_PCM);
    assertThat(parsed.isAuto()).isFalse();
  }

  @Test
  void bareNameParsesLikeNameUnderDateDirectories() throws Exception {
    String name = "in-01632960000-07700900123-20240315-141233-1710512553.42.wav";
    assertThat(FreePbxFileName.parse(name)).isEqualTo(FreePbxFileName.parse("2024/03/15/" + name));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "in-201-07700900123-20240315-141233-pbx-eu-1-1710512553.42.wav, pbx-eu-1-1710512553.42",
    "in-201-07700900123-20240315-141233-pbx-20240315-101010-1710512553.42.wav,"
        + " pbx-20240315-101010-1710512553.42",
    "in-201-07700900123-20240315-141233-node1-1710512553.42.wav, node1-1710512553.42",
  })
  void uniqueIdWithDashedSystemNamePrefixIsKeptWhole(String name, String uniqueId)
      throws Exception {
    ParsedName parsed = FreePbxFileName.parse(name);
    assertThat(parsed.uniqueId()).isEqualTo(uniqueId);
    assertThat(parsed.from()).isEqualTo("07700900123");
    assertThat(parsed.localStart()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 12, 33));
  }

  @Test
  void partiesThatLookLikeDateAndTimeDoNotMisplaceTheDate() throws Exception {
    ParsedName parsed =
        FreePbxFileName.parse("in-12345678-123456-20240315-141233-1710512553.42.wav");
    assertThat(parsed.to()).isEqualTo("12345678");
    assertThat(parsed.from()).isEqualTo("123456");
    assertThat(parsed.localStart()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 12, 33));
    assertThat(parsed.uniqueId()).isEqualTo("1710512553.42");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(value = {
    "in--07700900123-20240315-141233-1.2.wav|''|07700900123",
    "out-07700900123--20240315-141233-1.2.wav|07700900123|''",
    "in-01632960000--20240315-141233-1.2.wav|01632960000|''",
    "in-01632960000-anonymous-20240315-141233-1.2.wav|01632960000|anonymous",
    "in-01632960000-Anonymous-20240315-141233-1.2.wav|01632960000|Anonymous",
    "in-+441632960000-+447700900123-20240315-141233-1.2.wav|+441632960000|+447700900123",
  }, delimiter = '|')
  void emptyAnonymousAndPlusPartiesAreKeptRaw(String name, String to, String from)
      throws Exception {
    ParsedName parsed = FreePbxFileName.parse(name);
    assertThat(parsed.to()).isEqualTo(to);
    assertThat(parsed.from()).isEqualTo(from);
    assertThat(parsed.uniqueId()).isEqualTo("1.2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"wav, WAV_PCM", "WAV, WAV_GSM", "mp3, MP3"})
  void extensionGivesTheAudioFormat(String ext, AudioFormat format) throws Exception {
    ParsedName parsed =
        FreePbxFileName.parse("out-07700900123-201-20240315-141233-1710512553.42." + ext);
    assertThat(parsed.format()).isEqualTo(format);
    assertThat(parsed.extension()).isEqualTo(ext);
    assertThat(parsed.uniqueId()).isEqualTo("1710512553.42");
  }

  @Test
  void oneTouchNameGivesEpochStartAndBothParties() throws Exception {
    ParsedName parsed = FreePbxFileName.parse("2024/03/15/auto-1710512553-07700900123-201.wav");

    assertThat(parsed.isAuto()).isTrue();
    assertThat(parsed.callType()).isEqualTo("auto");
    assertThat(parsed.epochStart()).isEqualTo(Instant.ofEpochSecond(1710512553L));
    assertThat(parsed.localStart()).isNull();
    assertThat(parsed.caller()).isEqualTo("07700900123");
    assertThat(parsed.callee()).isEqualTo("201");
    // nothing derived from the numbers here: RecordingIdentifier completes it with a keyed digest
    assertThat(parsed.uniqueId()).isEqualTo("auto-1710512553");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(value = {
    "2024/02/31/in-201-07700900123-20240231-101500-1709201700.7.wav|not a real calendar date",
    "in-201-07700900123-20241315-101500-1709201700.7.wav|not a real calendar date",
    "in-201-07700900123-20240315-256000-1710512553.42.wav|not a valid time of day",
    "in-07700900123-20240315-101500-1710512553.42.wav|does not match FreePBX pattern",
    "in-201-07700900123-20240315-1710512553.42.wav|does not match FreePBX pattern",
    "in-201-07700900123-20240315-101500-.wav|empty uniqueid",
    "xyz-201-07700900123-20240315-101500-1710512553.42.wav|unknown call type 'xyz'",
    "07700900123-201-202-20240315-101500-1710512553.42.wav|unknown call type (expected",
    "in-2-01-07700900123-20240315-101500-1710512553.42.wav|does not match FreePBX pattern",
    "Master.csv|unsupported file extension '.csv'",
    "readme.txt|unsupported file extension '.txt'",
    "voicemail-greeting.wav|does not match FreePBX pattern <type>-<to>-<from>-<YYYYMMDD>",
    "in-201-07700900123-20240315-101500-1710512553|no audio extension",
    "in-201-07700900123-20240315-101500-1710512553.42|unsupported file extension (expected",
    "in-201-07700900123-20240315-101500-1710512553.wav.tmp|unsupported file extension",
    "recording|no audio extension",
    "auto-1710512553-07700900123-201-9.wav|exactly two parties",
    "auto-17105-07700900123-201.wav|auto-<epoch>-<caller>-<peer>",
  }, delimiter = '|')
  void badNamesAreRejectedWithReasonsFreeOfTheirNumbers(String name, String reasonPart) {
    UnidentifiableRecordingException e =
        catchThrowableOfType(UnidentifiableRecordingException.class,
            () -> FreePbxFileName.parse(name));

    assertThat(e).as("exception for %s", name).isNotNull();
    assertThat(e.getMessage()).contains(reasonPart);
    assertThat(e.getMessage().replace(".mp3", ".mp")).doesNotContainPattern("\\d");
  }
}
