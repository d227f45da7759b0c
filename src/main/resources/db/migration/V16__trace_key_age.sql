-- The retention purge finds a trace key older than the trace's retention by its first_seen_at: without an index each
-- purge chunk read the whole key table.
CREATE INDEX ix_trace_key_first_seen ON trace_key (first_seen_at);
