package org.mfgsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ImageTree;

/**
 * The JVM image's COPY lines are the one list of what an image holds (ImageTreeIT starts the app from exactly that
 * tree); the native image must carry the same data folders to the same places and set the same environment, so the
 * Kubernetes manifests fit either image.
 */
class ContainerImagesTest {

    static final ImageTree JVM = ImageTree.parse(Path.of("src/main/docker/Dockerfile.jvm"));
    static final ImageTree NATIVE = ImageTree.parse(Path.of("src/main/docker/Dockerfile.native"));
    /** How the JVM is started: run-java.sh's settings, which the native image has no use for. */
    static final Set<String> JVM_ONLY = Set.of("LANGUAGE", "GC_CONTAINER_OPTIONS", "JAVA_OPTS_APPEND", "JAVA_APP_JAR");

    @Test
    void shouldCopyTheSameDataFoldersIntoBothImages() {
        List<ImageTree.Copy> jvmData = JVM.copies().stream().filter(c -> !c.buildOutput() && !c.sources().get(0).startsWith("src/")).toList();
        List<ImageTree.Copy> nativeData = NATIVE.copies().stream().filter(c -> !c.buildOutput()).toList();
        assertThat(nativeData).isEqualTo(jvmData);
        assertThat(jvmData).extracting(c -> c.sources().get(0)).containsExactly("routes/", "mappings/", "schemas/");
    }

    @Test
    void shouldSetTheSameEnvironmentVolumesAndWorkdirInBothImages() {
        Map<String, String> jvm = new LinkedHashMap<>(JVM.env());
        JVM_ONLY.forEach(jvm::remove);
        assertThat(NATIVE.env()).isEqualTo(jvm);
        assertThat(NATIVE.volumes()).isEqualTo(JVM.volumes()).contains("/var/lib/mfgsync", "/tmp");
        assertThat(NATIVE.workdir()).isEqualTo(JVM.workdir());
        // every folder the app reads or writes is absolute in the image (the pod's root file system is read-only)
        assertThat(JVM.env()).containsKeys("MFGSYNC_ROUTES_DIR", "MFGSYNC_MAPPINGS_DIR", "MFGSYNC_SCHEMAS_DIR", "MFGSYNC_CONNECTORS_WORK_DIR");
        JVM.env().forEach((name, value) -> {
            if (name.endsWith("_DIR")) {
                assertThat(value).as(name).startsWith("/");
            }
        });
        assertThat(JVM.env().get("MFGSYNC_CONNECTORS_WORK_DIR")).startsWith("/var/lib/mfgsync/");
    }

    @Test
    void shouldListenOnEveryInterfaceOfTheContainerOnBothPorts() {
        // the app binds loopback unless told otherwise (application.properties); a container's loopback is unreachable
        for (ImageTree image : List.of(JVM, NATIVE)) {
            assertThat(image.env()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0").containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");
        }
    }
}
