package org.mfgsync.governance.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Reads every matching file of a folder tree, following symlinks. Entries whose name starts with a dot are
 * skipped: editor swap files, and the {@code ..data} / {@code ..2026_11_27_...} folders through which a Kubernetes
 * ConfigMap volume publishes its files (the visible files are symlinks into them, and are read through them).
 * <p>
 * The watcher rescans every second: a file whose size, modification time and identity (inode) are what they were at
 * the last scan is not read and hashed again, unless it was modified less than {@link #RACY_MILLIS} before that read
 * (a file system with coarse timestamps could then hide a second write in the same tick).
 */
public final class FolderScanner {

    static final long RACY_MILLIS = 2_000;

    private record Seen(long size, long modifiedMillis, Object fileKey, long readAtMillis, SourceFile source) {

        boolean unchanged(BasicFileAttributes attrs) {
            long modified = attrs.lastModifiedTime().toMillis();
            return attrs.size() == size && modified == modifiedMillis && Objects.equals(attrs.fileKey(), fileKey)
                    && modified < readAtMillis - RACY_MILLIS;
        }
    }

    /** Per scanned root: what the last scan read, by file. */
    private static final Map<Path, Map<Path, Seen>> LAST_SCAN = new ConcurrentHashMap<>();

    private FolderScanner() {
    }

    public static Map<String, SourceFile> scan(Path root, Predicate<String> matches) {
        Map<String, SourceFile> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        Map<Path, Seen> before = LAST_SCAN.getOrDefault(root, Map.of());
        Map<Path, Seen> seen = new HashMap<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 16, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    if (attrs.isRegularFile() && !hidden(file) && matches.test(relative)) {
                        Seen last = before.get(file);
                        if (last != null && last.unchanged(attrs) && last.source().path().equals(relative)) {
                            files.put(relative, last.source());
                            seen.put(file, last);
                            return FileVisitResult.CONTINUE;
                        }
                        try {
                            long readAt = System.currentTimeMillis();
                            // lenient decoding: a golden file may be deliberately mis-encoded test input
                            SourceFile source = SourceFile.of(relative, file,
                                    new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                            files.put(relative, source);
                            seen.put(file, new Seen(attrs.size(), attrs.lastModifiedTime().toMillis(), attrs.fileKey(), readAt,
                                    source));
                        } catch (NoSuchFileException gone) {
                            // deleted between listing and reading: the next scan sees the folder as it is then
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a dangling symlink during a ConfigMap swap
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + root, e);
        }
        LAST_SCAN.put(root, seen);
        return files;
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
