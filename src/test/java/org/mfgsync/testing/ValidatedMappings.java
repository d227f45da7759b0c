package org.mfgsync.testing;

import java.nio.file.Path;

import org.mfgsync.governance.reload.FolderScanner;
import org.mfgsync.governance.reload.MappingValidator;
import org.mfgsync.mapping.MappingRegistry;

/**
 * The mappings of a folder as they are on disk, validated as at start (compile, golden tests), in a registry of their
 * own: for golden-file tests and benchmarks that run a connector without the application.
 */
public final class ValidatedMappings {

    private ValidatedMappings() {
    }

    /** Throws when the folder is invalid, naming every rejected file. */
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
}
