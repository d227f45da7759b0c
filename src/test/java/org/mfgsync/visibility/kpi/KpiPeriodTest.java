package org.mfgsync.visibility.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mfgsync.visibility.kpi.KpiPeriod.InvalidPeriodException;

/** The period of a KPI or scorecard request: defaults, bounds, and every refusal naming its parameter. */
class KpiPeriodTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final KpiPeriod.Limits LIMITS = new KpiPeriod.Limits() {
        @Override
        public Duration defaultWindow() {
            return Duration.ofDays(7);
        }

        @Override
        public Duration maxRange() {
            return Duration.ofDays(92);
        }
    };

    @Test
    void shouldDefaultToTheLastSevenDaysOfAllPlants() {
        assertThat(kpis(null)).isEqualTo(new KpiPeriod(NOW.minus(Duration.ofDays(7)), NOW, null));
        assertThat(kpis("")).isEqualTo(new KpiPeriod(NOW.minus(Duration.ofDays(7)), NOW, null));
    }

    @Test
    void shouldTakeFromToAndPlant() {
        assertThat(kpis("from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00%2B01:00&plant=3000")).isEqualTo(new KpiPeriod(
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T23:00:00Z"), "3000"));
        assertThat(kpis("from=2026-12-01T00:00:00Z").to()).as("to: now").isEqualTo(NOW);
        assertThat(kpis("to=2026-12-01T00:00:00Z").from()).as("from: seven days before to")
                .isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void shouldRefuseUnknownRepeatedAndEmptyParametersByName() {
        assertRefused("from=2026-12-01T00:00:00Z&supplier=SUP-1", "supplier", "Unknown query parameter 'supplier'");
        assertRefused("plant=3000&plant=2000", "plant", "more than once");
        assertRefused("plant=", "plant", "is empty");
        assertThatThrownBy(() -> KpiPeriod.parse("plant=3000", KpiPeriod.SCORECARD_PARAMETERS, LIMITS, NOW))
                .isInstanceOfSatisfying(InvalidPeriodException.class, e -> assertThat(e.parameter()).isEqualTo("plant"));
    }

    @Test
    void shouldRefuseFromAfterToAndBadTimes() {
        assertRefused("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from", "'from' must be before 'to'");
        assertRefused("from=2026-12-01T00:00:00Z&to=2026-12-01T00:00:00Z", "from", "'from' must be before 'to'");
        assertRefused("from=2026-12-01", "from", "ISO-8601 time with offset");
        assertRefused("to=yesterday", "to", "ISO-8601 time with offset");
    }

    @Test
    void shouldRefuseAPeriodOverTheMaximum() {
        assertRefused("from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "from", "at most 92 days");
        assertRefused("to=2026-06-01T00:00:00Z&from=2026-01-01T00:00:00Z", "from", "at most 92 days");
        assertThat(kpis("from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:00Z").to()).as("exactly 92 days")
                .isEqualTo(Instant.parse("2026-04-03T00:00:00Z"));
    }

    @Test
    void shouldRefuseAPlantThatIsNoPlantId() {
        assertRefused("plant=30%2700", "plant", "plant id");
    }

    static KpiPeriod kpis(String query) {
        return KpiPeriod.parse(query, KpiPeriod.KPI_PARAMETERS, LIMITS, NOW);
    }

    static void assertRefused(String query, String parameter, String message) {
        assertThatThrownBy(() -> kpis(query)).isInstanceOfSatisfying(InvalidPeriodException.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
