package org.mfgsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kustomize overlays ({@code k8s/overlays/dev}, {@code prod}) render with {@code kubectl kustomize}, every rendered
 * document is valid against its schema offline ({@code src/test/k8s/validate.mjs}: Kubernetes, Prometheus Operator,
 * Strimzi), and they deploy what the app needs: a KafkaTopic for exactly the topics the app consumes and produces
 * (derived from the routes and the delivery allowlist, {@link AppTopics}), a KafkaUser whose ACLs cover them and the
 * consumer groups, routes/ and mappings/ mounted file for file at their nested paths, every secret the configuration
 * names taken from a Secret, a hardened pod and an image pinned by version. Fails, never skips, when kubectl or node
 * is missing (CI installs them: .ci/run).
 */
class KubernetesManifestsTest {

    static final Path OVERLAYS = Path.of("k8s/overlays");
    static final Path RENDERED = Path.of("target/k8s");
    static final Path VALIDATOR = Path.of("src/test/k8s");
    static final YAMLMapper YAML = new YAMLMapper();
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|PASSPHRASE|JAAS).*");

    static final Map<String, List<JsonNode>> rendered = new HashMap<>();
    static String validation;
    static int validationExit;

    @BeforeAll
    static void renderAndValidate() throws Exception {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        Result version = run(List.of(kubectl, "version", "--client"), Path.of(""));
        if (version.exit() != 0) {
            fail("kubectl is needed to render k8s/overlays (Debian: apt-get install kubernetes-client; .ci/run does): "
                    + version.output());
        }
        // kustomize v4 or later (kubectl 1.21+): the overlays use targeted patches and labels, and the ConfigMaps of
        // routes/ and mappings/ are generated from outside k8s/base, so the load restrictor is turned off. Debian 12's
        // kubernetes-client (kubectl 1.20, kustomize v2.0.3) has neither: it cannot render them.
        if (!Pattern.compile("Kustomize Version: v([4-9]|[1-9][0-9])").matcher(version.output()).find()) {
            fail("kubectl with kustomize v4 or later is needed to render k8s/overlays, this is: " + version.output().strip());
        }
        List<String> restrictor = List.of("--load-restrictor", "LoadRestrictionsNone");
        Files.createDirectories(RENDERED);
        List<String> files = new ArrayList<>();
        for (String overlay : List.of("dev", "prod")) {
            List<String> command = new ArrayList<>(List.of(kubectl, "kustomize"));
            command.addAll(restrictor);
            command.add(OVERLAYS.resolve(overlay).toString());
            Result render = run(command, Path.of(""));
            assertThat(render.exit()).as("kubectl kustomize k8s/overlays/" + overlay + ": " + render.output()).isZero();
            Path file = RENDERED.resolve(overlay + ".yaml").toAbsolutePath();
            Files.writeString(file, render.output());
            files.add(file.toString());
            List<JsonNode> documents = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(render.output())) {
                docs.forEachRemaining(d -> {
                    if (d != null && !d.isNull() && !d.isMissingNode()) {
                        documents.add(d);
                    }
                });
            }
            rendered.put(overlay, documents);
        }
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), VALIDATOR);
            assertThat(install.exit()).as("npm ci in src/test/k8s (Node.js and npm are needed: .ci/run installs them): "
                    + install.output()).isZero();
        }
        List<String> validate = new ArrayList<>(List.of("node", "validate.mjs"));
        validate.addAll(files);
        Result result = run(validate, VALIDATOR);
        validation = result.output();
        validationExit = result.exit();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldRenderDocumentsThatAreValidAgainstTheirSchemas(String overlay) {
        assertThat(validationExit).as(validation).isZero();
        long documents = rendered.get(overlay).size();
        String name = "k8s/" + overlay + ".yaml";
        assertThat(validation.lines().filter(l -> l.startsWith("valid ") && l.length() > 0).count())
                .as("every document of both overlays validated").isEqualTo(rendered.values().stream().mapToLong(List::size).sum());
        assertThat(documents).as(name).isGreaterThan(20);
        assertThat(kinds(overlay)).contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "NetworkPolicy", "ServiceMonitor", "PrometheusRule", "ServiceAccount", "KafkaTopic", "KafkaUser", "ConfigMap");
        // the leader election takes its lease in the state database: no access to the Kubernetes API is granted
        assertThat(kinds(overlay)).doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldDefineAKafkaTopicForExactlyTheTopicsTheAppConsumesAndProduces(String overlay) {
        AppTopics app = appTopics();
        Set<String> topics = new TreeSet<>();
        of(overlay, "KafkaTopic").forEach(t -> {
            topics.add(t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()));
            assertThat(t.path("spec").path("partitions").asInt()).as("partitions of " + t.path("metadata").path("name")).isPositive();
            assertThat(t.path("spec").path("config").path("retention.ms").asLong()).isPositive();
            assertThat(t.path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("delete");
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt())
                    .isLessThanOrEqualTo(t.path("spec").path("replicas").asInt());
        });
        assertThat(topics).as("KafkaTopics of " + overlay + " = topics of the routes and delivery targets").isEqualTo(app.all());
        assertThat(app.consumed()).contains("mfgsync.inspection-completed.v1", "mfgsync.delivery.erp-cloud.v1");
        assertThat(app.produced()).contains("mfgsync.dead-letter.v1", "mfgsync.sla-breached.v1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldLetTheKafkaUserReadAndWriteEveryTopicAndJoinEveryConsumerGroup(String overlay) {
        AppTopics app = appTopics();
        List<JsonNode> users = of(overlay, "KafkaUser");
        assertThat(users).hasSize(1);
        JsonNode acls = users.get(0).path("spec").path("authorization").path("acls");
        for (String topic : app.all()) {
            // a replay puts a record back on the topic it was consumed from: Write on consumed topics too
            assertThat(allowed(acls, "topic", topic)).as("operations on topic " + topic).contains("Read", "Write", "Describe");
        }
        for (String group : app.groups()) {
            assertThat(allowed(acls, "group", group)).as("operations on group " + group).contains("Read");
        }
        assertThat(app.groups()).contains("mfgsync-quality-containment", "mfgsync-delivery-erp-cloud");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldMountEveryFileOfRoutesAndMappingsAtItsNestedPath(String overlay) throws IOException {
        JsonNode deployment = of(overlay, "Deployment").get(0);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> env = envValues(container);
        for (String folder : List.of("routes", "mappings")) {
            JsonNode volume = volume(deployment, folder);
            JsonNode map = configMap(overlay, volume.path("configMap").path("name").asText());
            Map<String, byte[]> mounted = new TreeMap<>();
            volume.path("configMap").path("items").forEach(item -> mounted.put(item.path("path").asText(),
                    content(map, item.path("key").asText())));
            Map<String, byte[]> expected = new TreeMap<>();
            try (Stream<Path> files = Files.walk(Path.of(folder))) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))::iterator) {
                    expected.put(Path.of(folder).relativize(f).toString(), Files.readAllBytes(f));
                }
            }
            assertThat(mounted.keySet()).as(folder + "/ as mounted (run dev/k8s-app-files.sh after adding, moving or deleting files)")
                    .isEqualTo(expected.keySet());
            expected.forEach((path, bytes) -> assertThat(mounted.get(path)).as(folder + "/" + path).isEqualTo(bytes));
            String mountPath = null;
            for (JsonNode m : container.path("volumeMounts")) {
                if (m.path("name").asText().equals(folder)) {
                    mountPath = m.path("mountPath").asText();
                }
            }
            assertThat(env.get("MFGSYNC_" + folder.toUpperCase() + "_DIR")).as("the app reads " + folder + " from its mount").isEqualTo(mountPath);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldTakeEverySecretTheConfigurationNamesFromASecret(String overlay) throws IOException {
        JsonNode container = of(overlay, "Deployment").get(0).path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        Set<String> needed = new TreeSet<>(Set.of("MFGSYNC_ADMIN_TOKEN", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"));
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            if (!line.startsWith("%") && !line.startsWith("#")) {
                Matcher m = ENV_REFERENCE.matcher(line);
                while (m.find()) {
                    needed.add(m.group(1));
                }
            }
        }
        assertThat(needed).contains("QMS_WEBHOOK_SECRETS", "ERP_CLOUD_WEBHOOK_SECRETS", "SUPPLIER_COBALT_TOKEN");
        for (String name : needed) {
            assertThat(env).as("the Deployment sets " + name).containsKey(name);
        }
        env.forEach((name, e) -> {
            if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_FILE")) {
                assertThat(e.path("valueFrom").has("secretKeyRef")).as(name + " from a Secret, never a value").isTrue();
            }
        });
        List<JsonNode> settings = new ArrayList<>();
        of(overlay, "ConfigMap").forEach(c -> settings.add(c));
        settings.forEach(c -> c.path("data").fieldNames().forEachRemaining(k -> assertThat(SECRET_NAME.matcher(k).matches())
                .as("secret-like " + k + " in ConfigMap " + c.path("metadata").path("name")).isFalse()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldRunAHardenedPodFromAnImagePinnedByVersion(String overlay) {
        JsonNode pod = of(overlay, "Deployment").get(0).path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        String image = container.path("image").asText();
        assertThat(image).matches(".+:[0-9][^:/]*").doesNotEndWith(":latest");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).contains("\"ALL\"");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("path").asText()).as(probe).startsWith("/q/health/");
        }
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
        // the image's writable folders are volumes (Dockerfile.jvm: VOLUME /var/lib/mfgsync /tmp)
        Set<String> mounts = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(mounts).contains("/var/lib/mfgsync", "/tmp");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldProbeAndScrapeTheManagementPortAndLetOnlyPrometheusReachIt(String overlay) throws IOException {
        Properties shipped = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        JsonNode container = of(overlay, "Deployment").get(0).path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, Integer> ports = new TreeMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).as("the container's ports are the app's (application.properties)").isEqualTo(Map.of(
                "http", Integer.parseInt(shipped.getProperty("quarkus.http.port")),
                "management", Integer.parseInt(shipped.getProperty("quarkus.management.port"))));
        assertThat(shipped.getProperty("quarkus.management.enabled")).isEqualTo("true");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
        }
        // the app alone binds loopback: in the pod both ports listen on every interface
        Map<String, String> env = envValues(container);
        assertThat(env).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0").containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");

        JsonNode service = of(overlay, "Service").get(0);
        Map<String, String> targets = new TreeMap<>();
        service.path("spec").path("ports").forEach(p -> targets.put(p.path("name").asText(), p.path("targetPort").asText()));
        assertThat(targets).isEqualTo(Map.of("http", "http", "management", "management"));
        for (JsonNode endpoint : of(overlay, "ServiceMonitor").get(0).path("spec").path("endpoints")) {
            assertThat(endpoint.path("port").asText()).as("the port Prometheus scrapes").isEqualTo("management");
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        }

        // in: the monitoring namespace on the management port only, everyone else on the http port only
        JsonNode ingress = of(overlay, "NetworkPolicy").get(0).path("spec").path("ingress");
        int prometheusRules = 0;
        for (JsonNode rule : ingress) {
            Set<String> namespaces = new TreeSet<>();
            rule.path("from").forEach(f -> namespaces.add(f.path("namespaceSelector").path("matchLabels").toString()));
            Set<String> rulePorts = new TreeSet<>();
            rule.path("ports").forEach(p -> rulePorts.add(p.path("port").asText()));
            boolean prometheus = namespaces.contains("{\"kubernetes.io/metadata.name\":\"monitoring\"}");
            assertThat(rulePorts).as("ports open to " + namespaces).containsExactly(prometheus ? "management" : "http");
            if (prometheus) {
                assertThat(namespaces).as("the management port's only peers").hasSize(1);
                prometheusRules++;
            }
        }
        assertThat(prometheusRules).as("a rule letting Prometheus scrape").isEqualTo(1);
        assertThat(ingress.size()).as("and rules for the API callers").isGreaterThan(1);
    }

    static AppTopics appTopics() {
        return AppTopics.of(Path.of("routes"), Path.of("src/main/resources/application.properties"));
    }

    /** The operations allowed on a resource by the ACLs (literal name or prefix). */
    static Set<String> allowed(JsonNode acls, String type, String name) {
        Set<String> operations = new TreeSet<>();
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            boolean prefix = "prefix".equals(resource.path("patternType").asText());
            String pattern = resource.path("name").asText();
            if (resource.path("type").asText().equals(type) && !"deny".equals(acl.path("type").asText())
                    && (prefix ? name.startsWith(pattern) : name.equals(pattern))) {
                acl.path("operations").forEach(o -> operations.add(o.asText()));
            }
        }
        return operations;
    }

    static Set<String> kinds(String overlay) {
        Set<String> kinds = new TreeSet<>();
        rendered.get(overlay).forEach(d -> kinds.add(d.path("kind").asText()));
        return kinds;
    }

    static List<JsonNode> of(String overlay, String kind) {
        return rendered.get(overlay).stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode configMap(String overlay, String name) {
        return of(overlay, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " in " + overlay));
    }

    static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    static byte[] content(JsonNode configMap, String key) {
        if (configMap.path("data").has(key)) {
            return configMap.path("data").path(key).asText().getBytes(StandardCharsets.UTF_8);
        }
        assertThat(configMap.path("binaryData").has(key)).as("key " + key + " in " + configMap.path("metadata").path("name")).isTrue();
        return Base64.getMimeDecoder().decode(configMap.path("binaryData").path(key).asText());
    }

    static Map<String, String> envValues(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path directory) throws InterruptedException {
        try {
            Path out = Files.createTempFile("mfgsync-k8s-", ".out");
            Path err = Files.createTempFile("mfgsync-k8s-", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": timed out");
            }
            // stdout only (a render is parsed); stderr as well when the command failed
            String output = Files.readString(out) + (process.exitValue() != 0 ? Files.readString(err) : "");
            Files.delete(out);
            Files.delete(err);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        }
    }
}
