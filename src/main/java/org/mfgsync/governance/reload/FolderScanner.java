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
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads every matching file of a folder tree, following symlinks. Entries whose name starts with a dot are
 * skipped: editor swap files, and the {@code ..data} / {@code ..2026_11_27_...} folders through which a Kubernetes
 * ConfigMap volume publishes its files (the visible files are symlinks into them, and are read through them).
 */
public final class FolderScanner {

    private FolderScanner() {
    }

    public static Map<String, SourceFile> scan(Path root, Predicate<String> matches) {
        Map<String, SourceFile> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
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
                        try {
                            // lenient decoding: a golden file may be deliberately mis-encoded test input
                            files.put(relative, SourceFile.of(relative, file,
                                    new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
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
        return files;
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
