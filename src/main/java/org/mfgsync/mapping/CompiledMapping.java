package org.mfgsync.mapping;

/**
 * A compiled mapping, by its name: the path without extension, e.g. {@code qms/inspection-result} for
 * {@code mappings/qms/inspection-result.jsonata}.
 *
 * @param name     the path relative to the mappings folder without the kind's extension
 * @param kind     how it is applied
 * @param path     the file it was compiled from, relative to the mappings folder ({@code qms/inspection-result.jsonata})
 * @param compiled what {@link MappingKind#compile(String, String)} made of it
 */
public record CompiledMapping(String name, MappingKind kind, String path, Object compiled) {
}
