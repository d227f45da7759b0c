package org.mfgsync.partner;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.mapping.MappingRegistry;

/** Workflow data as it is in force now (hot-reloaded with the mappings): read afresh on every use, never cached. */
@ApplicationScoped
public class WorkflowData {

    private final MappingRegistry mappings;

    @Inject
    public WorkflowData(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    /** The document at {@code name} (path under mappings/ without .yaml), if it is in force and of that type. */
    public <T extends WorkflowDataDocument> Optional<T> document(String name, Class<T> type) {
        return mappings.get(name).map(m -> m.compiled()).filter(type::isInstance).map(type::cast);
    }
}
