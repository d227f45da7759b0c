package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The archive folders of an inbound connector ({@code .done/}, {@code .error/}): each delivery of a file is archived
 * under its own name ({@code PO_1.csv} as {@code PO_1.<UTC time>-<sequence>.csv}), with its reason file beside it
 * ({@code <archived name>.reason.txt}).
 */
public final class Archives {

    private Archives() {
    }

    /** Every archived delivery of a file of this name in the folder, oldest first (reason files not included). */
    public static List<Path> deliveries(Path archive, String name) {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Pattern archived = Pattern.compile(Pattern.quote(base) + "\\.\\d{8}T\\d{9}Z-\\d{4}" + Pattern.quote(ext));
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archive)) {
            return files.filter(f -> archived.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one archived delivery of a file of this name, or null while there is none. */
    public static Path delivery(Path archive, String name) {
        List<Path> found = deliveries(archive, name);
        if (found.size() > 1) {
            throw new AssertionError("more than one delivery of " + name + " in " + archive + ": " + found);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** Waits (up to 30 s) for the one archived delivery of a file of this name and answers it. */
    public static Path awaitDelivery(Path archive, String name) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> delivery(archive, name), java.util.Objects::nonNull);
    }

    /** The reason file of an archived delivery. */
    public static Path reason(Path archived) {
        return archived.resolveSibling(archived.getFileName() + ".reason.txt");
    }
}
