package org.mfgsync.governance.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfgsync.mapping.MappingKind;
import org.mfgsync.mapping.MappingKinds;

/** The validation a reload (and {@code make validate}) runs, and which routes a change touches: no application needed. */
class RouteValidationTest {

    @TempDir
    Path temp;

    @Test
    void projectFoldersAreValid() throws IOException {
        assertThat(ValidateCommand.run(Path.of("routes"), Path.of("mappings"), Path.of("target/classes"))).isZero();
    }

    @Test
    void invalidFolderExitsWithOneAndNamesFileAndLine() throws IOException {
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.writeString(routes.resolve("x.camel.yaml"), "- route:\n    id: x.a\n    from:\n      uri: nosuch:thing\n      steps:\n        - log: hi\n");
        assertThat(ValidateCommand.run(routes, temp.resolve("mappings"), Path.of("target/classes"))).isEqualTo(1);

        RouteValidator.Result result = offlineValidator().validate(Map.of("x.camel.yaml", source("x.camel.yaml",
                Files.readString(routes.resolve("x.camel.yaml")))), Set.of(), Set.of());
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo("routes/x.camel.yaml");
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.reason()).contains("nosuch");
        });
    }

    @Test
    void routeWithoutIdIsRejected() {
        List<Rejection> rejections = new ArrayList<>();
        assertThat(RouteFile.parse(source("a.camel.yaml", "- route:\n    from:\n      uri: direct:a\n      steps: []\n"),
                "routes/a.camel.yaml", rejections)).isEmpty();
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.reason()).startsWith("route has no id");
        });
    }

    @Test
    void routeConfigurationThatNoFileDefinesIsRejected() {
        RouteValidator.Result result = offlineValidator().validate(Map.of("a.camel.yaml", source("a.camel.yaml",
                "- route:\n    id: a.one\n    routeConfigurationId: nowhere\n    from:\n      uri: direct:a\n      steps:\n        - log: x\n")),
                Set.of(), Set.of());
        assertThat(result.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).contains("'nowhere'"));
    }

    @Test
    void onlyTheEditedRouteAndTheRoutesUsingAnEditedConfigurationChange() {
        String config = "- routeConfiguration:\n    id: retry\n    onException:\n      - onException:\n          exception: [java.lang.Exception]\n          handled: {constant: \"true\"}\n";
        String routes = "- route:\n    id: a.one\n    routeConfigurationId: retry\n    from: {uri: \"direct:one\", steps: [{log: one}]}\n"
                + "- route:\n    id: a.two\n    from: {uri: \"direct:two\", steps: [{log: two}]}\n";
        Map<String, String> before = new RouteFingerprints(files(Map.of("c.camel.yaml", config, "r.camel.yaml", routes))).fingerprints();

        Map<String, String> editedTwo = new RouteFingerprints(files(Map.of("c.camel.yaml", config,
                "r.camel.yaml", routes.replace("log: two", "log: TWO")))).fingerprints();
        assertThat(changed(before, editedTwo)).containsExactly("a.two");

        Map<String, String> commentOnly = new RouteFingerprints(files(Map.of("c.camel.yaml", config,
                "r.camel.yaml", "# a comment\n" + routes))).fingerprints();
        assertThat(changed(before, commentOnly)).isEmpty();

        Map<String, String> editedConfig = new RouteFingerprints(files(Map.of("c.camel.yaml",
                config.replace("\"true\"", "\"false\""), "r.camel.yaml", routes))).fingerprints();
        assertThat(changed(before, editedConfig)).containsExactly("a.one");
    }

    @Test
    void shouldRejectAMappingThatDoesNotParseNamingItsFile() {
        MappingValidator.Result result = new MappingValidator()
                .validate(Map.of("broken.jsonata", source("broken.jsonata", "{\"v\": ")), null);

        assertThat(result.valid()).isFalse();
        assertThat(result.mappings()).isEmpty();
        assertThat(result.rejections()).extracting(Rejection::file).containsExactly("mappings/broken.jsonata");
    }

    @Test
    void goldenTestsBelongToTheMappingWithTheLongestMatchingName() {
        Map<String, SourceFile> folder = new java.util.TreeMap<>();
        for (String path : List.of("qms/result.jsonata", "qms/result-line.jsonata", "qms/tests/result-rejected.input.json",
                "qms/tests/result-rejected.expected.json", "qms/tests/result-line-1.input.json", "qms/tests/result-line-1.expected.json")) {
            folder.put(path, source(path, "{}"));
        }
        MappingKind jsonata = MappingKinds.forFile("x.jsonata").orElseThrow();
        assertThat(MappingValidator.goldenTests(folder, "qms/result", jsonata)).extracting(t -> t[0])
                .containsExactly("qms/tests/result-rejected.input.json");
        assertThat(MappingValidator.goldenTests(folder, "qms/result-line", jsonata)).extracting(t -> t[0])
                .containsExactly("qms/tests/result-line-1.input.json");
    }

    // ---- helpers --------------------------------------------------------------------------------

    static RouteValidator offlineValidator() {
        try {
            return new RouteValidator(new ValidateCommand.KnownBeans(Path.of("target/classes")), new org.apache.camel.spi.PropertiesSource() {
                @Override
                public String getName() {
                    return "none";
                }

                @Override
                public String getProperty(String name) {
                    return null;
                }
            }, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SourceFile source(String path, String content) {
        return SourceFile.of(path, Path.of("/virtual", path), content);
    }

    static Map<String, RouteFile> files(Map<String, String> contents) {
        Map<String, RouteFile> files = new java.util.TreeMap<>();
        List<Rejection> rejections = new ArrayList<>();
        contents.forEach((path, content) -> RouteFile.parse(source(path, content), path, rejections).ifPresent(f -> files.put(path, f)));
        assertThat(rejections).isEmpty();
        return files;
    }

    static Set<String> changed(Map<String, String> a, Map<String, String> b) {
        Set<String> ids = new java.util.TreeSet<>();
        a.forEach((id, fp) -> {
            if (!fp.equals(b.get(id))) {
                ids.add(id);
            }
        });
        return ids;
    }
}
