package org.mfgsync.governance.reload;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The mappings currently in force, by name ({@code qms/inspection-result} for
 * {@code mappings/qms/inspection-result.jsonata}). A reload swaps the whole set at once, so a message is mapped
 * either entirely by the old set or entirely by the new one.
 */
@ApplicationScoped
@Named("mappingRegistry")
public class MappingRegistry {

    private static final String JSONATA = ".jsonata";

    private final AtomicReference<Map<String, MappingValidator.Compiled>> current = new AtomicReference<>(Map.of());

    public Optional<MappingValidator.Compiled> get(String name) {
        return Optional.ofNullable(current.get().get(name));
    }

    /** Maps one document with the named mapping as it is in force now. */
    public String apply(String name, String input) throws MappingKind.MappingException {
        MappingValidator.Compiled mapping = get(name)
                .orElseThrow(() -> new MappingKind.MappingException("no mapping named " + name, null, null));
        return mapping.kind().apply(mapping.compiled(), input);
    }

    /**
     * Maps JSON-shaped data (maps, lists, strings, numbers, booleans) with the named JSONata mapping as it is in
     * force now, e.g. a connector's group of records to a canonical event. {@code mapping} is the name or the file
     * relative to the mappings folder ({@code erp-legacy-a/purchase-order-changed.jsonata}).
     */
    public Object evaluate(String mapping, Object input) {
        String name = mapping.endsWith(JSONATA) ? mapping.substring(0, mapping.length() - JSONATA.length()) : mapping;
        MappingValidator.Compiled compiled = get(name).orElseThrow(() -> new IllegalStateException(
                "No JSONata mapping " + name + JSONATA + " is in force (missing, or rejected when it was loaded)"));
        if (!(compiled.kind() instanceof MappingKinds.JsonataKind)) {
            throw new IllegalStateException("The mapping " + compiled.source().path() + " is not JSONata");
        }
        return MappingKinds.JsonataKind.evaluate(compiled.compiled(), input);
    }

    /**
     * A registry of the mappings in a folder as they are on disk, validated as at start (compile, golden tests), for
     * use outside the application: golden-file tests and benchmarks. Throws when the folder is invalid.
     */
    public static MappingRegistry loadedFrom(Path mappingsDir) {
        MappingValidator.Result result = new MappingValidator()
                .validate(FolderScanner.scan(mappingsDir.toAbsolutePath(), MappingValidator::watched), null);
        if (!result.valid()) {
            throw new IllegalStateException("The mappings folder " + mappingsDir + " is invalid: " + result.rejections());
        }
        MappingRegistry registry = new MappingRegistry();
        registry.replace(result.mappings());
        return registry;
    }

    public Map<String, MappingValidator.Compiled> all() {
        return current.get();
    }

    Map<String, MappingValidator.Compiled> replace(Map<String, MappingValidator.Compiled> mappings) {
        return current.getAndSet(Map.copyOf(mappings));
    }
}
