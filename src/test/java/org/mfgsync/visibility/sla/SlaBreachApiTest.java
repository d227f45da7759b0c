package org.mfgsync.visibility.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mfgsync.visibility.sla.SlaBreach.Status;

/** The SLA breach API's query: defaults, and every bad parameter refused by name. */
class SlaBreachApiTest {

    static final Set<String> KINDS = Set.of("containment-not-blocked", "supplier-commit-missing");

    @Test
    void shouldListOpenBreachesByDefault() {
        assertThat(SlaBreachApi.parse(null, KINDS)).isEqualTo(new SlaBreachApi.Query(Status.OPEN, null, 100));
        assertThat(SlaBreachApi.parse("status=CLEARED&kind=containment-not-blocked&limit=5", KINDS))
                .isEqualTo(new SlaBreachApi.Query(Status.CLEARED, "containment-not-blocked", 5));
    }

    @Test
    void shouldRefuseUnknownParametersByName() {
        assertThatThrownBy(() -> SlaBreachApi.parse("lot=L-1&limit=5", KINDS)).isInstanceOf(SlaBreachApi.InvalidQueryException.class)
                .hasMessageContaining("[lot]");
    }

    @Test
    void shouldRefuseABadStatusKindOrLimit() {
        assertThatThrownBy(() -> SlaBreachApi.parse("status=open", KINDS)).hasMessageContaining("OPEN or CLEARED");
        assertThatThrownBy(() -> SlaBreachApi.parse("kind=late", KINDS)).hasMessageContaining("kind must be one of");
        assertThatThrownBy(() -> SlaBreachApi.parse("limit=0", KINDS)).hasMessageContaining("limit");
        assertThatThrownBy(() -> SlaBreachApi.parse("limit=501", KINDS)).hasMessageContaining("limit");
        assertThatThrownBy(() -> SlaBreachApi.parse("limit=many", KINDS)).hasMessageContaining("limit");
        assertThatThrownBy(() -> SlaBreachApi.parse("limit=1&limit=2", KINDS)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> SlaBreachApi.parse("kind=%zz", KINDS)).isInstanceOf(SlaBreachApi.InvalidQueryException.class)
                .hasMessageContaining("Badly encoded query parameter 'kind'");
    }
}
