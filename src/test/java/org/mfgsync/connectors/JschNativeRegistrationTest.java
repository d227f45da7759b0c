package org.mfgsync.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jcraft.jsch.JSch;

import org.junit.jupiter.api.Test;

/**
 * The SFTP connectors run on JSch (camel-ftp, a plain Camel component without Quarkus build steps), which creates its
 * ciphers, key exchanges, MACs and signatures by class name from its configuration (Class.forName + newInstance). A
 * native image knows those classes only from META-INF/native-image/org.mfgsync/mfgsync/reflect-config.json: every
 * class JSch's configuration names must be listed there, or that algorithm fails at run time in the native image only.
 */
class JschNativeRegistrationTest {

    static final String CONFIG = "META-INF/native-image/org.mfgsync/mfgsync/reflect-config.json";

    @Test
    void shouldRegisterEveryClassJschCreatesByNameForReflection() throws Exception {
        Field config = JSch.class.getDeclaredField("config");
        config.setAccessible(true);
        Set<String> named = new TreeSet<>();
        for (Object value : ((Map<?, ?>) config.get(null)).values()) {
            String name = String.valueOf(value);
            if (name.startsWith("com.jcraft.jsch.")) {
                try {
                    Class.forName(name);
                    named.add(name);
                } catch (ClassNotFoundException | LinkageError e) {
                    // named for an optional provider that is not on the class path (e.g. Bouncy Castle)
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertThat(in).as(CONFIG).isNotNull();
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                registered.add(entry.path("name").asText());
            }
        }
        assertThat(named).hasSizeGreaterThan(50);
        assertThat(registered).as("JSch classes registered for reflection (regenerate after a JSch upgrade)").containsAll(named);
    }
}
