import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The plain-Java floor of the API hop: a JDK HTTP server that parses the posted JSON with Jackson and answers 202,
 * nothing else. Usage: java -cp JACKSON PlainHttpServer.java PORT
 */
public class PlainHttpServer {

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            String answer;
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode posted = json.readTree(body);
                answer = "{\"status\":\"accepted\",\"lot\":\"" + posted.path("lot").asText() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        System.out.println("plain HTTP floor on 127.0.0.1:" + args[0]);
    }
}
