package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Puts files where a connector polls them the way a well-behaved writer does: written aside, then renamed. */
public final class DropFiles {

    private DropFiles() {
    }

    public static Path drop(Path folder, String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve(name.replace('\\', '_') + ".part");
            Files.write(temp, content);
            return Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
