package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.beanio.StreamFactory;

/**
 * BeanIO record layouts ({@code mappings/<instance>/*.beanio.xml}) read from disk. A layout is compiled once and
 * compiled again when its file changes, so an edited layout takes effect with the next file.
 */
public final class RecordLayouts {

    private record Compiled(FileTime modified, StreamFactory factory) {
    }

    private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

    public StreamFactory factory(Path layoutFile) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(layoutFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Record layout not readable: " + layoutFile, e);
        }
        return cache.compute(layoutFile.toAbsolutePath().normalize(), (path, known) -> {
            if (known != null && known.modified().equals(modified)) {
                return known;
            }
            StreamFactory factory = StreamFactory.newInstance();
            try (InputStream in = Files.newInputStream(path)) {
                factory.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Record layout not readable: " + path, e);
            }
            return new Compiled(modified, factory);
        }).factory();
    }
}
