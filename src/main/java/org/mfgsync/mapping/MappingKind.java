package org.mfgsync.mapping;

import java.util.List;

/**
 * One kind of declarative mapping file in {@code mappings/} (JSONata, XSLT, ...): how it is recognised, compiled,
 * applied to a golden input, and how two outputs are compared. New kinds are added to {@link MappingKinds}.
 */
public interface MappingKind {

    /** Short name shown in messages, e.g. {@code jsonata}. */
    String name();

    /** File name endings of this kind, e.g. {@code .jsonata}. */
    List<String> extensions();

    /** File name ending of golden inputs and expected outputs, e.g. {@code .json}. */
    String sampleExtension();

    /** Compiles the mapping; throws {@link MappingException} naming the line when the source is invalid. */
    Object compile(String source) throws MappingException;

    /** Compiles the file at {@code path} (relative to the mappings folder); for kinds whose meaning depends on where the file is. */
    default Object compile(String path, String source) throws MappingException {
        return compile(source);
    }

    /** Applies a compiled mapping to one input document. */
    String apply(Object compiled, String input) throws MappingException;

    /** True when the actual output is the expected one (structurally, not byte for byte). */
    boolean sameOutput(String expected, String actual) throws MappingException;

    /** A mapping that does not compile or fails on an input; {@code line} is 1-based or null. */
    class MappingException extends Exception {
        private final Integer line;

        public MappingException(String message, Integer line, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        public Integer line() {
            return line;
        }
    }
}
