package org.mfgsync.quality;

import javax.sql.DataSource;

import org.mfgsync.testing.StateDatabase;

/** The containment state store on H2 with all migrations (the development and test state database). */
class LotContainmentsOnH2Test extends LotContainmentsContract {

    @Override
    DataSource dataSource() throws Exception {
        return StateDatabase.create();
    }
}
