package org.mfgsync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records the named loggers publish while attached: a test starts it before the step and stops it after. */
public final class CapturedLogs extends Handler {

    private final List<String> loggers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public CapturedLogs(String... loggers) {
        this.loggers = List.of(loggers);
    }

    public void start() {
        records.clear();
        loggers.forEach(name -> Logger.getLogger(name).addHandler(this));
    }

    public void stop() {
        loggers.forEach(name -> Logger.getLogger(name).removeHandler(this));
    }

    /** What was published since {@link #start()}, in order (a live view: records keep arriving until {@link #stop()}). */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
