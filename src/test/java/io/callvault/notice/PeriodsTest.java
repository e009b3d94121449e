package io.callvault.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import org.junit.jupiter.api.Test;

class PeriodsTest {
  @Test
  void monthsAndYearsAreSaidInEachLanguage() {
    assertThat(Periods.inWords(Period.parse("P6M"), Language.FR)).isEqualTo("6 mois");
    assertThat(Periods.inWords(Period.parse("P6M"), Language.EN)).isEqualTo("6 months");
    assertThat(Periods.inWords(Period.parse("P5Y"), Language.FR)).isEqualTo("5 ans");
    assertThat(Periods.inWords(Period.parse("P1Y"), Language.EN)).isEqualTo("1 year");
    assertThat(Periods.inWords(Period.parse("P1M"), Language.FR)).isEqualTo("1 mois");
  }

  @Test
  void wholeWeeksAreSaidInWeeksOtherDaysInDays() {
    assertThat(Periods.inWords(Period.parse("P2W"), Language.FR)).isEqualTo("2 semaines");
    assertThat(Periods.inWords(Period.parse("P2W"), Language.EN)).isEqualTo("2 weeks");
    assertThat(Periods.inWords(Period.parse("P10D"), Language.EN)).isEqualTo("10 days");
    assertThat(Periods.inWords(Period.parse("P1D"), Language.FR)).isEqualTo("1 jour");
  }

  @Test
  void aPeriodOfSeveralUnitsJoinsThemWithAnd() {
    assertThat(Periods.inWords(Period.parse("P1Y6M"), Language.EN)).isEqualTo("1 year and 6 months");
    assertThat(Periods.inWords(Period.parse("P1Y6M3D"), Language.FR)).isEqualTo("1 an, 6 mois et 3 jours");
  }
}
