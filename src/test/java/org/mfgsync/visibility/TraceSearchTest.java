package org.mfgsync.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfgsync.visibility.TraceSearch.InvalidSearchException;

/** The trace API's query string: a fixed list of parameters, a bounded window and page, at least one key. */
class TraceSearchTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final TraceSearch.Limits LIMITS = new TraceSearch.Limits() {
        public Duration defaultWindow() {
            return Duration.ofDays(7);
        }

        public Duration maxWindow() {
            return Duration.ofDays(31);
        }

        public int defaultPageSize() {
            return 50;
        }

        public int maxPageSize() {
            return 200;
        }
    };

    @Test
    void shouldTakeEveryKeyInListOrderWithTheDefaultWindowAndPage() {
        TraceSearch search = TraceSearch.parse("lot=L-1&purchaseOrder=4500004711&poLine=10", LIMITS, NOW);

        assertThat(search.keys()).containsExactly(Map.entry("purchaseOrder", "4500004711"), Map.entry("poLine", "10"),
                Map.entry("lot", "L-1"));
        assertThat(search.correlationId()).isNull();
        assertThat(search.to()).isEqualTo(NOW);
        assertThat(search.from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(search.page()).isZero();
        assertThat(search.size()).isEqualTo(50);
    }

    @Test
    void shouldDecodeValuesAndTakeAnExplicitWindowAndPage() {
        TraceSearch search = TraceSearch.parse("fileName=PO%20EXPORT%2B1.csv&from=2026-03-01T00:00:00%2B01:00"
                + "&to=2026-03-02T00:00:00Z&page=2&size=200", LIMITS, NOW);

        assertThat(search.keys()).containsExactly(Map.entry("fileName", "PO EXPORT+1.csv"));
        assertThat(search.from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(search.to()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(search.page()).isEqualTo(2);
        assertThat(search.size()).isEqualTo(200);
    }

    @Test
    void shouldAcceptACorrelationIdAlone() {
        TraceSearch search = TraceSearch.parse("correlationId=corr-1", LIMITS, NOW);

        assertThat(search.correlationId()).isEqualTo("corr-1");
        assertThat(search.keys()).isEmpty();
    }

    @Test
    void shouldEndAWindowGivenOnlyItsStartAtNowOrItsMaximum() {
        assertThat(TraceSearch.parse("lot=L-1&from=2026-03-09T12:00:00Z", LIMITS, NOW).to()).isEqualTo(NOW);
        assertThat(TraceSearch.parse("lot=L-1&from=2025-01-01T00:00:00Z", LIMITS, NOW).to())
                .isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
    }

    @Test
    void shouldRefuseAnUnknownParameterByName() {
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&batch=7", LIMITS, NOW)).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("Unknown query parameter 'batch'")
                .satisfies(e -> assertThat(((InvalidSearchException) e).parameter()).isEqualTo("batch"));
        // names are exact: the SQL never sees a name that is not on the list
        assertThatThrownBy(() -> TraceSearch.parse("LOT=L-1", LIMITS, NOW)).hasMessageContaining("'LOT'");
        assertThatThrownBy(() -> TraceSearch.parse("key_name=lot", LIMITS, NOW)).hasMessageContaining("'key_name'");
    }

    @Test
    void shouldRefuseASearchWithoutAnyKeyOrCorrelationId() {
        assertThatThrownBy(() -> TraceSearch.parse(null, LIMITS, NOW)).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("needs a correlationId or at least one business key");
        assertThatThrownBy(() -> TraceSearch.parse("from=2026-03-01T00:00:00Z&size=10", LIMITS, NOW))
                .hasMessageContaining("needs a correlationId or at least one business key");
    }

    @Test
    void shouldRefuseAWindowWiderThanTheMaximumOrBackwards() {
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", LIMITS, NOW))
                .isInstanceOf(InvalidSearchException.class).hasMessageContaining("59 days; at most 31 days")
                .satisfies(e -> assertThat(((InvalidSearchException) e).parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", LIMITS, NOW))
                .hasMessageContaining("'from' must be before 'to'");
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&to=yesterday", LIMITS, NOW))
                .hasMessageContaining("'to' must be an ISO-8601 time");
        // an unencoded '+' arrives as a space: the answer says how to send it
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&from=2026-03-01T00:00:00+01:00", LIMITS, NOW))
                .hasMessageContaining("%2B");
    }

    @Test
    void shouldRefuseAPageSizeOverTheMaximumAndBadNumbers() {
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&size=201", LIMITS, NOW)).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'size' must be a whole number from 1 to 200");
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&size=0", LIMITS, NOW)).hasMessageContaining("'size'");
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&page=-1", LIMITS, NOW)).hasMessageContaining("'page'");
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&page=x", LIMITS, NOW)).hasMessageContaining("'page'");
    }

    @Test
    void shouldRefuseRepeatedEmptyAndOrphanParameters() {
        assertThatThrownBy(() -> TraceSearch.parse("lot=L-1&lot=L-2", LIMITS, NOW)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> TraceSearch.parse("lot=", LIMITS, NOW)).hasMessageContaining("'lot' is empty");
        assertThatThrownBy(() -> TraceSearch.parse("lot", LIMITS, NOW)).hasMessageContaining("'lot' is empty");
        assertThatThrownBy(() -> TraceSearch.parse("poLine=10", LIMITS, NOW)).hasMessageContaining("give purchaseOrder too");
        assertThatThrownBy(() -> TraceSearch.parse("lot=" + "x".repeat(201), LIMITS, NOW)).hasMessageContaining("longer than 200");
        assertThatThrownBy(() -> TraceSearch.parse("lot=%zz", LIMITS, NOW)).hasMessageContaining("Badly encoded");
    }
}
