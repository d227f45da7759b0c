package org.mfgsync.visibility.kpi;

import javax.sql.DataSource;

import org.mfgsync.testing.StateDatabase;

/** The KPI and scorecard table access on H2 with all migrations (the development and test state database). */
class KpiStateOnH2Test extends KpiStateContract {

    @Override
    DataSource dataSource() throws Exception {
        return StateDatabase.create();
    }
}
