package org.mfgsync.connectors.flatfile;

/** File names a connector accepts: one plain name, never a path that could lead out of the folder. */
public final class FileNames {

    private FileNames() {
    }

    /** Why the name is refused, or null when it is acceptable. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "it is empty";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "'" + printable(name) + "' has path components (/ or \\)";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is a folder reference";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "'" + printable(name) + "' has control characters";
        }
        if (name.length() > 200) {
            return "it is longer than 200 characters";
        }
        return null;
    }

    private static final java.time.format.DateTimeFormatter ARCHIVE_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /**
     * The archive name of one delivery of a file: its name with the time and a sequence number (0-9999) before the
     * last extension ({@code PO_1.csv}, 2026-11-27T08:15:42.123Z, 1: {@code PO_1.20261127T081542123Z-0001.csv}); a
     * name without an extension gets them at its end.
     */
    public static String archived(String name, java.time.Instant at) {
        return archived(name, at, ARCHIVE_SEQUENCE.incrementAndGet() % 10_000);
    }

    /** Tells apart deliveries of one name archived in the same millisecond by this process. */
    private static final java.util.concurrent.atomic.AtomicLong ARCHIVE_SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    static String archived(String name, java.time.Instant at, long sequence) {
        int dot = name.lastIndexOf('.');
        String stamp = "." + ARCHIVE_TIME.format(at) + "-" + String.format("%04d", sequence);
        return dot > 0 ? name.substring(0, dot) + stamp + name.substring(dot) : name + stamp;
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
