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
 * component uses. An expression is compiled once and again when its file changes.
 */
public final class JsonataMappings {

    private record Compiled(FileTime modified, Jsonata expression) {
    }

    private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

    /** Applies the mapping to JSON-shaped input (maps, lists, strings, numbers, booleans) and returns the same shapes. */
    public Object apply(Path mappingFile, Object input) {
        Jsonata expression = compiled(mappingFile);
        // one evaluation at a time per expression: the engine keeps evaluation state in the expression object
        synchronized (expression) {
            return expression.evaluate(input);
        }
    }

    private Jsonata compiled(Path file) {
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
                return new Compiled(modified, Jsonata.jsonata(Files.readString(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("Mapping not readable: " + path, e);
            }
        }).expression();
    }
}
