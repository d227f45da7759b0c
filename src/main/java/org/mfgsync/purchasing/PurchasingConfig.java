package org.mfgsync.purchasing;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Operations settings of the purchasing workflows ({@code mfgsync.workflows.supplier-commits.*}); partner data (supplier
 * profiles, the risk policy) is under mappings/.
 */
@ConfigMapping(prefix = "mfgsync.workflows")
public interface PurchasingConfig {

    SupplierCommits supplierCommits();

    interface SupplierCommits {
        /** A low-risk batch goes to its ERP once it holds this many commits. */
        @WithDefault("50")
        int batchSize();

        /** ...or at the latest after this long (every open batch is flushed on this period). */
        @WithDefault("5m")
        Duration batchInterval();

        /** A committed quantity above this multiple of the ordered quantity is implausible. */
        @WithDefault("2")
        BigDecimal maxQuantityFactor();

        /** A committed date more than this many days after the commit was made is implausible. */
        @WithDefault("365")
        int dateHorizonDays();

        /** A flushed batch the ERP did not take is offered again this often (it stays in the state database meanwhile). */
        @WithDefault("10s")
        Duration batchRetryInterval();

        /**
         * A completed batch is offered again only once this long has passed since it completed: until then it may still be
         * on its way to the ERP (here or on another replica). Longer than a hand-over may take (the broker's
         * acknowledgement is awaited up to 15 s).
         */
        @WithDefault("30s")
        Duration batchRecoveryGrace();

        /** After this many failed offers a batch goes to the exceptions (dead letter) for a person to look at. */
        @WithDefault("360")
        int batchMaxRedeliveries();
    }
}
