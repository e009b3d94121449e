package io.callvault.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.retention.RetentionForecast.Expiring;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionForecastTest {
  /** A Wednesday. */
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void weeksStartOnTheMondayOfNowAndCoverTwelveMonths() {
    RetentionForecast f = RetentionForecast.of(NOW, List.of("quality"), List.of());

    assertThat(f.weeks()).hasSize(52);
    assertThat(f.weeks().get(0)).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(f.weeks().get(51)).isEqualTo(LocalDate.parse("2027-11-22"));
    assertThat(RetentionForecast.end(NOW)).isEqualTo(Instant.parse("2027-11-29T00:00:00Z"));
    assertThat(f.purposes().get("quality").due()).containsOnly(0L);
  }

  @Test
  void copiesCountInTheWeekTheirRetentionEndsAndHeldOnesApart() {
    RetentionForecast f = RetentionForecast.of(NOW, List.of("quality", "training"), List.of(
        new Expiring("quality", Instant.parse("2026-12-06T23:59:59Z"), false),  // Sunday: week 0
        new Expiring("quality", Instant.parse("2026-12-07T00:00:00Z"), false),  // Monday: week 1
        new Expiring("quality", Instant.parse("2026-12-08T00:00:00Z"), true),   // held, week 1
        new Expiring("training", Instant.parse("2026-06-01T00:00:00Z"), false), // overdue: next sweep, week 0
        new Expiring("training", Instant.parse("2027-11-29T00:00:00Z"), false), // beyond the twelve months
        new Expiring("legal", Instant.parse("2026-12-03T00:00:00Z"), false)));  // not a purpose asked for

    long[] qualityDue = f.purposes().get("quality").due();
    assertThat(qualityDue[0]).isEqualTo(1);
    assertThat(qualityDue[1]).isEqualTo(1);
    assertThat(f.purposes().get("quality").held()[1]).isEqualTo(1);
    assertThat(f.purposes().get("training").due()[0]).isEqualTo(1);
    assertThat(java.util.Arrays.stream(f.purposes().get("training").due()).sum()).isEqualTo(1);
    assertThat(f.purposes()).containsOnlyKeys("quality", "training");
  }
}
