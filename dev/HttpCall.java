import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiny HTTP client for the stack scripts, so they need nothing beyond the JDK.
 * Usage: java dev/HttpCall.java METHOD URL [BODY_FILE] ["Header: value" ...]; prints "STATUS BODY".
 */
public class HttpCall {
    public static void main(String[] args) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(30));
        int next = 2;
        if (args.length > 2 && !args[2].contains(": ")) {
            request.method(args[0], HttpRequest.BodyPublishers.ofFile(Path.of(args[2])));
            request.header("Content-Type", "application/json");
            next = 3;
        } else {
            request.method(args[0], HttpRequest.BodyPublishers.noBody());
        }
        for (int i = next; i < args.length; i++) {
            String[] header = args[i].split(": ", 2);
            request.header(header[0], header[1]);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
    }
}
