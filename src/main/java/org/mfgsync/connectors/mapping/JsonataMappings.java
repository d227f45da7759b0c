package org.mfgsync.connectors.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.dashjoin.jsonata.Jsonata;

/**
 * JSONata mappings ({@code mappings/<instance>/*.jsonata}) read from disk, the same engine Camel's jsonata
 * component uses. A mapping is read (and checked) once and again when its file changes.
 */
public final class JsonataMappings {

    private record Compiled(FileTime modified, String source) {
    }

    private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

    /** Applies the mapping to JSON-shaped input (maps, lists, strings, numbers, booleans) and returns the same shapes. */
    public Object apply(Path mappingFile, Object input) {
        // A fresh expression per evaluation: re-using one (jsonata 0.9.8) makes every later evaluation look variables
        // up through the frames of all earlier ones, slower with each record of a big file (seen in the benchmark).
        return Jsonata.jsonata(source(mappingFile)).evaluate(input);
    }

    private String source(Path file) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Mapping not readable: " + file, e);
        }
        return cache.compute(file.toAbsolutePath().normalize(), (path, known) -> {
            if (known != null && known.modified().equals(modified)) {
                return known;
            }
            try {
                String source = Files.readString(path);
                Jsonata.jsonata(source); // a mapping that does not parse fails here, once
                return new Compiled(modified, source);
            } catch (IOException e) {
                throw new UncheckedIOException("Mapping not readable: " + path, e);
            }
        }).source();
    }
}
