package org.mfgsync.purchasing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mfgsync.sla.supplier-commit.*}: the expected-next-event SLA of a delivered PO revision (SLA watchdog). */
@ConfigMapping(prefix = "mfgsync.sla.supplier-commit")
public interface SupplierCommitSlaConfig {

    /**
     * A PO revision delivered to its supplier expects a supplier commit within this time, unless the supplier's profile
     * says otherwise ({@code commitExpectedWithinHours} in mappings/suppliers/&lt;SUPPLIER-ID&gt;.yaml).
     */
    @WithDefault("48h")
    Duration within();
}
