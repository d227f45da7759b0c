import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny HTTP client for the stack scripts, so they need nothing beyond the JDK.
 * Usage: java dev/HttpCall.java [--sign=SECRET] METHOD URL [BODY_FILE] ["Header: value" ...]; prints "STATUS BODY".
 * With --sign the call is signed as a webhook sender signs it (README "Signed webhooks"): X-Mfgsync-Timestamp (now),
 * X-Mfgsync-Delivery-Id (new) and X-Mfgsync-Signature: v1=hex(HMAC-SHA256(SECRET, timestamp + "." + body bytes)).
 */
public class HttpCall {
    public static void main(String[] args) throws Exception {
        String secret = null;
        if (args[0].startsWith("--sign=")) {
            secret = args[0].substring("--sign=".length());
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        var request = HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(30));
        int next = 2;
        byte[] body = new byte[0];
        if (args.length > 2 && !args[2].contains(": ")) {
            body = Files.readAllBytes(Path.of(args[2]));
            request.method(args[0], HttpRequest.BodyPublishers.ofByteArray(body));
            request.header("Content-Type", "application/json");
            next = 3;
        } else {
            request.method(args[0], HttpRequest.BodyPublishers.noBody());
        }
        if (secret != null) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            request.header("X-Mfgsync-Timestamp", timestamp).header("X-Mfgsync-Delivery-Id", UUID.randomUUID().toString())
                    .header("X-Mfgsync-Signature", "v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
        }
        for (int i = next; i < args.length; i++) {
            String[] header = args[i].split(": ", 2);
            request.header(header[0], header[1]);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
    }
}
