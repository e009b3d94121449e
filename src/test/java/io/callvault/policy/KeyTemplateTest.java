package io.callvault.policy;

import static io.callvault.policy.Fixtures.LEGAL;
import static io.callvault.policy.Fixtures.TRAINING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.Recording;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

  @Test
  void rendersDatePartsInUtcByDefault() {
    assertThat(KeyTemplate.render("{yyyy}/{MM}/{dd}/{HH}/{id}.{ext}.gpg", Fixtures.inbound(), TRAINING, null))
        .isEqualTo("2024/03/15/23/rec-7f3a9c.wav.gpg");
  }

  @Test
  void rendersDatePartsInTheGivenZone() {
    assertThat(KeyTemplate.render("{yyyy}/{MM}/{dd}/{HH}/{id}", Fixtures.inbound(), TRAINING,
        ZoneId.of("Europe/Paris")))
        .isEqualTo("2024/03/16/00/rec-7f3a9c");
  }

  @Test
  void rendersPurposeSourceTypeAndFormatSuffix() {
    assertThat(KeyTemplate.render("{purpose}/{source}/{type}-{id}.{ext}", Fixtures.inbound(), LEGAL, null))
        .isEqualTo("legal/pbx-paris/in-rec-7f3a9c.wav");
  }

  @Test
  void renderedKeyNeverCarriesTheCaller() {
    String all = String.join("/", KeyTemplate.PLACEHOLDERS);
    assertThat(KeyTemplate.render(all, Fixtures.inbound(), TRAINING, null))
        .doesNotContain(Fixtures.CALLER).doesNotContain("612345678");
  }

  @Test
  void callerPlaceholderIsUnknown() {
    assertThat(KeyTemplate.unknownPlaceholders("{yyyy}/{caller}/{id}.{ext}")).containsExactly("{caller}");
    assertThatThrownBy(() -> KeyTemplate.render("{caller}/{id}", Fixtures.inbound(), TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{caller}")
        .hasMessageNotContaining(Fixtures.CALLER);
  }

  @Test
  void malformedBracesAreReportedAsUnknown() {
    assertThat(KeyTemplate.unknownPlaceholders("{yyyy/{id}.{ext}")).containsExactly("{yyyy/");
    assertThat(KeyTemplate.unknownPlaceholders("{id}.{ext")).containsExactly("{ext");
    assertThat(KeyTemplate.unknownPlaceholders("id}")).containsExactly("}");
    assertThat(KeyTemplate.unknownPlaceholders("{yyyy}/{MM}/{dd}/{id}.{ext}.gpg")).isEmpty();
  }

  @Test
  void idWithSlashIsRefusedRatherThanChangingTheKeyLayout() {
    Recording r = Fixtures.inbound();
    Recording odd = new Recording("a/b", r.sourceId(), r.uniqueId(), r.callType(), r.direction(),
        r.start(), r.caller(), r.callee(), r.subject(), r.durationSeconds(), r.billsec(),
        r.disposition(), r.format(), r.extension());
    assertThatThrownBy(() -> KeyTemplate.render("{id}", odd, TRAINING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{id}")
        .hasMessageNotContaining("a/b");
  }
}
