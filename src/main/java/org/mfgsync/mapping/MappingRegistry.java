package org.mfgsync.mapping;

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

    private final AtomicReference<Map<String, CompiledMapping>> current = new AtomicReference<>(Map.of());

    public Optional<CompiledMapping> get(String name) {
        return Optional.ofNullable(current.get().get(name));
    }

    /** Maps one document with the named mapping as it is in force now. */
    public String apply(String name, String input) throws MappingKind.MappingException {
        CompiledMapping mapping = get(name)
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
        CompiledMapping compiled = get(name).orElseThrow(() -> new IllegalStateException(
                "No JSONata mapping " + name + JSONATA + " is in force (missing, or rejected when it was loaded)"));
        if (!(compiled.kind() instanceof MappingKinds.JsonataKind)) {
            throw new IllegalStateException("The mapping " + compiled.path() + " is not JSONata");
        }
        return MappingKinds.JsonataKind.evaluate(compiled.compiled(), input);
    }

    public Map<String, CompiledMapping> all() {
        return current.get();
    }

    /**
     * Puts a whole set of mappings in force at once and returns the set it replaces; the hot reload calls it with a
     * set it has validated (and again with the previous set to roll back).
     */
    public Map<String, CompiledMapping> replace(Map<String, CompiledMapping> mappings) {
        return current.getAndSet(Map.copyOf(mappings));
    }
}
