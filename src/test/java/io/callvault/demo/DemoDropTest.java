package io.callvault.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.CdrIndex;
import io.callvault.source.FreePbxFileName;
import io.callvault.source.ParsedName;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.source.Recording.Direction;
import io.callvault.source.RecordingIdentifier;
import io.callvault.source.UnidentifiableRecordingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDropTest {

  private static final LocalDate DAY = LocalDate.of(2024, 3, 15);

  @TempDir Path tmp;

  private final RecordingIdentifier identifier =
      new RecordingIdentifier(new PhoneNumbers("GB"), DemoDrop.PBX_ZONE, new io.callvault.catalog.SubjectKeys("test-subject-secret-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8))::keyOf);

  private DemoDrop.Result generate(Path root, long seed) throws IOException {
    return DemoDrop.generate(root.resolve("drop"), root.resolve("crm/consent.csv"), DAY, seed);
  }

  private static CdrIndex cdrs(DemoDrop.Result result) throws IOException {
    try (InputStream in = Files.newInputStream(result.masterCsv())) {
      return CdrIndex.parse(in);
    }
  }

  @Test
  void everyRecordingExceptTheBadOneIdentifiesAndHasItsCdrRow() throws Exception {
    DemoDrop.Result result = generate(tmp, 42);
    CdrIndex cdrs = cdrs(result);

    List<String> onDisk;
    try (Stream<Path> files = Files.walk(result.dropRoot())) {
      onDisk = files.filter(p -> p.toString().endsWith(".wav"))
          .map(p -> result.dropRoot().relativize(p).toString().replace('\\', '/'))
          .sorted().collect(Collectors.toList());
    }
    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(result.audioFiles());
    assertThat(onDisk).allMatch(p -> p.startsWith("2024/03/15/"));
    assertThat(result.files()).isBetween(34, 40);
    assertThat(cdrs.malformedCount()).isZero();

    Set<String> types = new HashSet<>();
    Set<Direction> directions = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (String path : onDisk) {
      if (path.equals(result.badFile())) {
        assertThatThrownBy(() -> identifier.identify("demo", path, cdrs))
            .isInstanceOf(UnidentifiableRecordingException.class);
        continue;
      }
      ParsedName parsed = FreePbxFileName.parse(path);
      assertThat(cdrs.lookup(parsed, DemoDrop.PBX_ZONE)).as("CDR row for %s", path).isPresent();
      Recording r = identifier.identify("demo", path, cdrs);
      assertThat(r.disposition()).isEqualTo("ANSWERED");
      assertThat(r.start()).isBetween(DAY.atStartOfDay(DemoDrop.PBX_ZONE).toInstant(),
          DAY.plusDays(1).atStartOfDay(DemoDrop.PBX_ZONE).toInstant());
      types.add(r.callType());
      directions.add(r.direction());
      ids.add(r.id());
    }
    assertThat(result.badFile()).endsWith(DemoDrop.BAD_FILE);
    assertThat(ids).hasSize(result.recordings());
    assertThat(types).contains("in", "out", "internal", "external", "q", "rg", "ondemand",
        "force", "exten", "auto");
    assertThat(directions).containsExactlyInAnyOrder(Direction.values());
  }

  @Test
  void consentFileMatchesTheSubjectsOfTheDropAndTheResultCounts() throws Exception {
    DemoDrop.Result result = generate(tmp, 7);
    CdrIndex cdrs = cdrs(result);

    Set<String> subjects = new HashSet<>();
    boolean anonymousInbound = false;
    for (String path : result.audioFiles()) {
      if (path.equals(result.badFile())) {
        continue;
      }
      Recording r = identifier.identify("demo", path, cdrs);
      if (r.subject() != null) {
        subjects.add(r.subject());
      } else if (r.direction() == Direction.INBOUND) {
        anonymousInbound = true;
      }
    }
    List<String> lines = Files.readAllLines(result.consentCsv(), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("subject,training,quality");
    Map<String, String> training = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).hasSize(3);
      assertThat(f[1]).isIn("granted", "denied", "");
      assertThat(f[2]).isIn("granted", "denied", "");
      training.put(f[0], f[1]);
    }

    assertThat(anonymousInbound).isTrue();
    assertThat(subjects).hasSize(result.subjects())
        .allMatch(s -> s.matches("\\+44(7700900|1632960)\\d{3}"), "in an Ofcom drama range");
    assertThat(subjects).containsAll(training.keySet());
    assertThat(training.values().stream().filter("granted"::equals).count())
        .isEqualTo(result.trainingGranted()).isPositive();
    assertThat(training.values().stream().filter("denied"::equals).count())
        .isEqualTo(result.trainingDenied()).isPositive();
    assertThat(training.values().stream().filter(String::isEmpty).count())
        .isEqualTo(result.trainingUnknown());
    assertThat(subjects.stream().filter(s -> !training.containsKey(s)).count())
        .isEqualTo(result.trainingAbsent()).isPositive();
  }

  @Test
  void audioIsEightKilohertzSixteenBitMonoPcmOfTwoToEightSeconds() throws Exception {
    DemoDrop.Result result = generate(tmp, 3);

    for (String path : result.audioFiles()) {
      Path file = result.dropRoot().resolve(path);
      byte[] header = new byte[44];
      try (InputStream in = Files.newInputStream(file)) {
        assertThat(in.readNBytes(header, 0, 44)).isEqualTo(44);
      }
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long size = Files.size(file);
      assertThat(new String(header, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(h.getInt(4)).isEqualTo(size - 8);
      assertThat(new String(header, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
      assertThat(h.getShort(20)).as("PCM").isEqualTo((short) 1);
      assertThat(h.getShort(22)).as("mono").isEqualTo((short) 1);
      assertThat(h.getInt(24)).isEqualTo(8000);
      assertThat(h.getInt(28)).isEqualTo(16000);
      assertThat(h.getShort(34)).isEqualTo((short) 16);
      assertThat(new String(header, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
      assertThat(h.getInt(40)).isEqualTo(size - 44);
      assertThat((size - 44) / 16000.0).isBetween(2.0, 8.0);
    }
  }

  @Test
  void audioIsNotSilence() throws Exception {
    DemoDrop.Result result = generate(tmp, 11);
    byte[] pcm = Files.readAllBytes(result.dropRoot().resolve(result.audioFiles().get(0)));
    ByteBuffer b = ByteBuffer.wrap(pcm, 44, pcm.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    int peak = 0;
    while (b.remaining() >= 2) {
      peak = Math.max(peak, Math.abs(b.getShort()));
    }
    assertThat(peak).isGreaterThan(2000);
  }

  @Test
  void sameSeedGivesTheSameDropAndAnotherSeedAnotherOne() throws Exception {
    DemoDrop.Result a = generate(tmp.resolve("a"), 99);
    DemoDrop.Result b = generate(tmp.resolve("b"), 99);
    DemoDrop.Result c = generate(tmp.resolve("c"), 100);

    assertThat(b.audioFiles()).isEqualTo(a.audioFiles());
    assertThat(Files.readAllBytes(b.masterCsv())).isEqualTo(Files.readAllBytes(a.masterCsv()));
    assertThat(Files.readAllBytes(b.consentCsv())).isEqualTo(Files.readAllBytes(a.consentCsv()));
    assertThat(Files.readAllBytes(b.dropRoot().resolve(b.audioFiles().get(3))))
        .isEqualTo(Files.readAllBytes(a.dropRoot().resolve(a.audioFiles().get(3))));
    assertThat(c.audioFiles()).isNotEqualTo(a.audioFiles());
  }
}
