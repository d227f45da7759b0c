package org.mfgsync.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.mfgsync.governance.reload.ClusterConfiguration;
import org.mfgsync.resilience.TargetDeliveries;

/**
 * The Kafka topics the app consumes and produces, read from what makes it use them: the routes folder (every
 * {@code kafka:} endpoint a route or a {@code templatedRoute}'s template consumes from or sends to, and every topic a
 * route step publishes to through {@code handOverProducer.publish(..., '<topic>')}, with each templated route's
 * parameters put in as Camel does) and the delivery allowlist of the configuration (each target's own topic,
 * {@link TargetDeliveries#topicOf}); and the consumer groups of the consuming routes. A topic name that stays a placeholder fails: a new way of naming a topic must be
 * taught here rather than missed.
 */
record AppTopics(Set<String> consumed, Set<String> produced, Set<String> groups) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KAFKA_URI = Pattern.compile("^kafka:([^?]+)");
    private static final Pattern PUBLISH = Pattern.compile("publish\\(\\$\\{exchange\\},\\s*'([^']+)'\\)");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");
    private static final Pattern TARGET_OPERATION = Pattern.compile("^mfgsync\\.resilience\\.targets\\.([a-z0-9-]+)\\.operations\\..+");

    Set<String> all() {
        Set<String> all = new TreeSet<>(consumed);
        all.addAll(produced);
        return all;
    }

    static AppTopics of(Path routes, Path applicationProperties) {
        Map<String, JsonNode> templates = new HashMap<>();
        Map<String, JsonNode> items = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(routes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted()::iterator) {
                JsonNode root = YAML.readTree(file.toFile());
                int i = 0;
                for (JsonNode item : root) {
                    if (item.has("routeTemplate")) {
                        templates.put(item.get("routeTemplate").path("id").asText(), item.get("routeTemplate"));
                    } else {
                        items.put(routes.relativize(file) + "#" + i++, item);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> consumed = new TreeSet<>();
        Set<String> produced = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        items.forEach((where, item) -> {
            if (item.has("route")) {
                collect(item.get("route"), Map.of(), where, consumed, produced, groups);
            } else if (item.has("templatedRoute")) {
                JsonNode instance = item.get("templatedRoute");
                JsonNode template = templates.get(instance.path("routeTemplateRef").asText());
                if (template == null) {
                    throw new IllegalStateException(where + ": no route template " + instance.path("routeTemplateRef"));
                }
                Map<String, String> parameters = new HashMap<>();
                template.path("parameters").forEach(p -> {
                    if (p.has("defaultValue")) {
                        parameters.put(p.path("name").asText(), p.path("defaultValue").asText());
                    }
                });
                instance.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
                collect(template.path("route"), parameters, where, consumed, produced, groups);
            }
        });
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(applicationProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            Matcher target = TARGET_OPERATION.matcher(key);
            if (target.matches()) {
                produced.add(TargetDeliveries.topicOf(target.group(1)));
            }
        }
        // routes defined in Java, which no reload can remove: the replicas' control topic, one group per instance
        consumed.add(ClusterConfiguration.CONTROL_TOPIC);
        produced.add(ClusterConfiguration.CONTROL_TOPIC);
        groups.add(ClusterConfiguration.GROUP_PREFIX + "pod-1");
        return new AppTopics(consumed, produced, groups);
    }

    private static void collect(JsonNode route, Map<String, String> parameters, String where, Set<String> consumed,
            Set<String> produced, Set<String> groups) {
        JsonNode from = route.path("from");
        String fromUri = from.path("uri").asText("");
        Matcher consumer = KAFKA_URI.matcher(fromUri);
        if (consumer.find()) {
            consumed.add(resolve(consumer.group(1), parameters, where));
            Matcher group = Pattern.compile("[?&]groupId=([^&]+)").matcher(fromUri);
            String groupId = from.path("parameters").path("groupId").asText(group.find() ? group.group(1) : "");
            if (groupId.isEmpty()) {
                throw new IllegalStateException(where + ": Kafka consumer " + fromUri + " without a groupId");
            }
            groups.add(resolve(groupId, parameters, where));
        }
        walk(from.has("steps") ? from.get("steps") : route.path("steps"), parameters, where, produced);
    }

    private static void walk(JsonNode node, Map<String, String> parameters, String where, Set<String> produced) {
        if (node.isTextual()) {
            Matcher producer = KAFKA_URI.matcher(node.asText());
            if (producer.find()) {
                produced.add(resolve(producer.group(1), parameters, where));
            }
            Matcher publish = PUBLISH.matcher(node.asText());
            while (publish.find()) {
                produced.add(resolve(publish.group(1), parameters, where));
            }
        }
        node.forEach(child -> walk(child, parameters, where, produced));
    }

    private static String resolve(String topic, Map<String, String> parameters, String where) {
        Matcher m = PARAMETER.matcher(topic);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            if (value == null || value.contains("{{")) {
                throw new IllegalStateException(where + ": topic " + topic + " names " + m.group() + ", which is no parameter of "
                        + "its templated route: teach AppTopics where it comes from");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }
}
