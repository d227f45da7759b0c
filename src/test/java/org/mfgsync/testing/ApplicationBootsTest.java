package org.mfgsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The {@code @QuarkusTest} classes boot the application (and their test resources: a broker, servers) once per
 * distinct combination of {@code @TestProfile} and test resources: Quarkus restarts between two test classes whose
 * profile or set of {@code MATCHING_RESOURCES} resources differ, and around every class with a
 * {@code RESTRICTED_TO_CLASS} resource (io.quarkus.test.common.TestResourceManager#testResourcesRequireReload; the
 * test classes are ordered so that each combination boots once). Each boot costs the suite tens of seconds, so there
 * are at most four: {@link TestStack}, {@link NoPeers}, erp-legacy-b on PostgreSQL and the supplier-commit batch timer.
 */
class ApplicationBootsTest {

    static final int MAX_COMBINATIONS = 4;

    @Test
    void shouldBootTheApplicationInAtMostFourCombinations() throws Exception {
        Map<String, List<String>> combinations = combinations();

        assertThat(combinations).as("distinct profile/test-resource combinations of the @QuarkusTest classes "
                + "(a new end-to-end test belongs in @WithTestResource(TestStack.class)):%n%s", describe(combinations))
                .hasSizeLessThanOrEqualTo(MAX_COMBINATIONS);
    }

    @Test
    void shouldFindTheEndToEndTestsItCounts() throws Exception {
        Map<String, List<String>> combinations = combinations();

        assertThat(combinations.get(key(null, List.of(TestStack.class.getName() + "[MATCHING_RESOURCES]"))))
                .contains("org.mfgsync.governance.reload.HotReloadTest", "org.mfgsync.quality.InspectionToStockBlockTest");
        assertThat(combinations.get(key(NoPeers.class.getName(), List.of())))
                .contains("org.mfgsync.quality.BackboneOutageTest");
    }

    /** Combination (profile + resources) → the test classes that boot it. */
    static Map<String, List<String>> combinations() throws IOException, URISyntaxException {
        Map<String, List<String>> combinations = new TreeMap<>();
        for (Class<?> test : quarkusTests()) {
            TestProfile profile = test.getAnnotation(TestProfile.class);
            List<String> resources = Stream.concat(
                    Arrays.stream(test.getAnnotationsByType(WithTestResource.class))
                            .map(r -> resource(r.value(), r.scope(), r.initArgs().length)),
                    Arrays.stream(test.getAnnotationsByType(QuarkusTestResource.class))
                            .map(r -> resource(r.value(), r.restrictToAnnotatedClass() ? TestResourceScope.RESTRICTED_TO_CLASS
                                    : TestResourceScope.GLOBAL, r.initArgs().length)))
                    .sorted().toList();
            String key = key(profile == null ? null : profile.value().getName(), resources);
            if (resources.stream().anyMatch(r -> r.contains("RESTRICTED_TO_CLASS"))) {
                key = key + " (restricted to " + test.getName() + ")";
            }
            combinations.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(test.getName());
        }
        return combinations;
    }

    static String resource(Class<?> type, TestResourceScope scope, int args) {
        return type.getName() + "[" + scope + "]" + (args == 0 ? "" : "(" + args + " init args)");
    }

    static String key(String profile, List<String> resources) {
        return "profile " + (profile == null ? "-" : profile) + ", resources " + resources;
    }

    static String describe(Map<String, List<String>> combinations) {
        return combinations.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Every class annotated {@code @QuarkusTest} among the compiled test classes. */
    static List<Class<?>> quarkusTests() throws IOException, URISyntaxException {
        Path classes = Path.of(ApplicationBootsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.map(classes::relativize).map(Path::toString).filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
                    .forEach(names::add);
        }
        List<Class<?>> tests = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, false, ApplicationBootsTest.class.getClassLoader());
                if (type.isAnnotationPresent(QuarkusTest.class)) {
                    tests.add(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("test class " + name + " does not load", e);
            }
        }
        return tests;
    }
}
