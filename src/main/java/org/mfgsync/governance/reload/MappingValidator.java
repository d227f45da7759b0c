package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mfgsync.mapping.CompiledMapping;
import org.mfgsync.mapping.MappingKind;
import org.mfgsync.mapping.MappingKinds;

/**
 * Validates the mappings folder: every mapping file of a known kind must compile, and a mapping that changed
 * must reproduce its golden tests — {@code <dir>/tests/<name>[-case|.case].input.<ext>} mapped must equal the
 * {@code .expected.<ext>} beside it. Files of unknown kinds (e.g. golden files of a Java mapper) are left alone.
 */
public final class MappingValidator {

    static final String LABEL_PREFIX = "mappings/";

    public record Result(Map<String, CompiledMapping> mappings, List<Rejection> rejections) {
        public boolean valid() {
            return rejections.isEmpty();
        }
    }

    /** True for files the reloader watches in the mappings folder: mappings of a known kind and golden files. */
    public static boolean watched(String path) {
        return MappingKinds.forFile(path).isPresent() || path.contains("/tests/") || path.startsWith("tests/");
    }

    /**
     * @param folder  every file of the mappings folder, path → content
     * @param changed paths that changed since the running version (null: all), whose golden tests are run
     */
    public Result validate(Map<String, SourceFile> folder, Set<String> changed) {
        Map<String, CompiledMapping> mappings = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        for (SourceFile source : folder.values()) {
            MappingKind kind = MappingKinds.forFile(source.path()).orElse(null);
            if (kind == null) {
                continue;
            }
            String label = LABEL_PREFIX + source.path();
            String name = MappingKinds.nameOf(source.path(), kind);
            Object compiled;
            try {
                compiled = kind.compile(source.path(), source.content());
            } catch (MappingKind.MappingException e) {
                rejections.add(new Rejection(label, e.line(), RouteFile.firstLine(e.getMessage())));
                continue;
            }
            mappings.put(name, new CompiledMapping(name, kind, source.path(), compiled));
            List<String[]> tests = goldenTests(folder, name, kind);
            boolean touched = changed == null || changed.contains(source.path())
                    || tests.stream().anyMatch(t -> changed.contains(t[0]) || changed.contains(t[1]));
            if (touched) {
                for (String[] test : tests) {
                    runGoldenTest(folder, kind, compiled, test, rejections);
                }
            }
        }
        return new Result(mappings, rejections);
    }

    private static void runGoldenTest(Map<String, SourceFile> folder, MappingKind kind, Object compiled, String[] test,
            List<Rejection> rejections) {
        SourceFile expected = folder.get(test[1]);
        if (expected == null) {
            rejections.add(new Rejection(LABEL_PREFIX + test[0], null, "golden input has no " + test[1]));
            return;
        }
        try {
            String actual = kind.apply(compiled, folder.get(test[0]).content());
            if (!kind.sameOutput(expected.content(), actual)) {
                rejections.add(new Rejection(LABEL_PREFIX + test[1], null,
                        "golden test fails: " + test[0] + " maps to " + abbreviate(actual)));
            }
        } catch (MappingKind.MappingException e) {
            rejections.add(new Rejection(LABEL_PREFIX + test[0], e.line(), "golden test fails: " + RouteFile.firstLine(e.getMessage())));
        }
    }

    /** [input path, expected path] of every golden test of a mapping. */
    static List<String[]> goldenTests(Map<String, SourceFile> folder, String name, MappingKind kind) {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        String base = name.substring(slash + 1);
        String inputSuffix = ".input" + kind.sampleExtension();
        List<String[]> tests = new ArrayList<>();
        for (String path : folder.keySet()) {
            if (!path.startsWith(dir + "tests/") || !path.endsWith(inputSuffix)) {
                continue;
            }
            String file = path.substring((dir + "tests/").length());
            String stem = file.substring(0, file.length() - inputSuffix.length());
            if (stem.equals(base) || stem.startsWith(base + ".") || stem.startsWith(base + "-")) {
                // a longer mapping name owns its own tests (inspection-result-x is not a case of inspection-result)
                String owner = folder.keySet().stream()
                        .filter(p -> MappingKinds.forFile(p).isPresent() && p.startsWith(dir) && !p.substring(dir.length()).contains("/"))
                        .map(p -> MappingKinds.nameOf(p, MappingKinds.forFile(p).get()).substring(dir.length()))
                        .filter(b -> stem.equals(b) || stem.startsWith(b + ".") || stem.startsWith(b + "-"))
                        .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(base);
                if (owner.equals(base)) {
                    tests.add(new String[] { path, dir + "tests/" + stem + ".expected" + kind.sampleExtension() });
                }
            }
        }
        return tests;
    }

    private static String abbreviate(String text) {
        String flat = RouteFile.firstLine(text);
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
