package org.mfgsync.visibility.sla;

import javax.sql.DataSource;

import org.mfgsync.testing.StateDatabase;

/** The SLA watchdog's table access on H2 with all migrations (the development and test state database). */
class SlaStateOnH2Test extends SlaStateContract {

    @Override
    DataSource dataSource() throws Exception {
        return StateDatabase.create();
    }
}
