import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Merges flat benchmark figures into target/bench/results.json (numbers and booleans; other benches' keys are kept).
 * Usage: java -cp JACKSON Results.java FILE key=value...
 */
public class Results {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode results = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            String value = pair[1].trim();
            if (value.equals("true") || value.equals("false")) {
                results.put(pair[0], Boolean.parseBoolean(value));
            } else if (value.contains(".")) {
                results.put(pair[0], Double.parseDouble(value));
            } else {
                results.put(pair[0], Long.parseLong(value));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), results);
    }
}
