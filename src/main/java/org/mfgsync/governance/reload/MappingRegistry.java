package org.mfgsync.governance.reload;

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

    public Map<String, MappingValidator.Compiled> all() {
        return current.get();
    }

    Map<String, MappingValidator.Compiled> replace(Map<String, MappingValidator.Compiled> mappings) {
        return current.getAndSet(Map.copyOf(mappings));
    }
}
