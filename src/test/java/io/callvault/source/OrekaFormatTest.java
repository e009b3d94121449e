package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static io.callvault.source.FormatFixtures.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.PbxFormat.DropKind;
import io.callvault.source.Recording.Direction;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrekaFormatTest {
  private final PbxFormat oreka = FORMATS.get("oreka");

  private CallIndex export() throws Exception {
    return oreka.readCdr(new ByteArrayInputStream(FormatFixtures.fixture("oreka/orktrack-export.csv")));
  }

  @Test
  void aRecordingIsIdentifiedFromItsPathAndItsRowInTheOrkTrackExport() throws Exception {
    assertThat(oreka.kind("orktrack-export.csv")).isEqualTo(DropKind.CDR);
    Recording in = byName(oreka, "2024/03/15/15/20240315_150000_KUU.wav", export());
    assertThat(in.uniqueId()).isEqualTo("20240315_150000_KUU");
    assertThat(in.start()).isEqualTo(Instant.parse("2024-03-15T15:00:00Z"));
    assertThat(in.direction()).isEqualTo(Direction.INBOUND);
    assertThat(in.durationSeconds()).isEqualTo(42);
    assertThat(in.subject()).isEqualTo("+447700900111");
    assertThat(in.context().agent()).isEqualTo("207");

    Recording out = byName(oreka, "2024/03/15/15/20240315_151500_KVV.wav", export());
    assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(out.caller()).isEqualTo("208");
    assertThat(out.subject()).isEqualTo(new PhoneNumbers("GB").asSubject("0114627554"));
  }

  @Test
  void aRecordingWhoseRowHasNotArrivedWaits() throws Exception {
    assertThatThrownBy(() -> byName(oreka, "2024/03/15/16/20240315_160000_KWW.wav", export()))
        .isInstanceOf(MetadataPendingException.class).hasMessageContaining("CSV export");
    assertThatThrownBy(() -> byName(oreka, "2024/03/15/15/20240315_150000_KUU.wav", CallIndex.EMPTY))
        .isInstanceOf(MetadataPendingException.class);
  }

  @Test
  void rowsThatCannotBeReadAreCountedNotFatal() throws Exception {
    CallIndex index = oreka.readCdr(new ByteArrayInputStream(
        "recid,duration,direction,localparty,remoteparty\n20240315_150000_A,1,in,1,2\n\"broken,\n1,2\n".getBytes()));
    assertThat(index.rows()).isEqualTo(1);
    assertThat(index.malformedCount()).isEqualTo(2);
  }
}
