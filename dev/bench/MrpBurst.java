import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * p6, the MRP burst: one erp-legacy-a purchase order export with many changed PO lines, through the PO revision workflow
 * to every supplier channel (supplier-acme's drop folder, supplier-bolt's FTP folder, supplier-cobalt's portal), timed
 * from the moment the export appears on erp-legacy-a's SFTP server until the last supplier delivery is written; and a
 * plain-Java floor on the same file (parse, Jackson map, write the per-supplier outputs) in the same run.
 * <pre>
 *   MrpBurst peers DIR PORTS_FILE                 erp-legacy-a's SFTP server + supplier-bolt's FTP server (until killed)
 *   MrpBurst generate FILE LINES LINES_PER_PO     the export in erp-legacy-a's CSV format; prints the POs per supplier
 *   MrpBurst measure EXPORT SFTP_OUTBOUND ACME_OUT BOLT_OUT COBALT_URL N_ACME N_BOLT N_COBALT TIMEOUT_S
 *   MrpBurst plain EXPORT OUT_DIR
 * </pre>
 * Lines starting with "RESULT " carry the figures (key=value) for dev/bench/Results.java.
 */
public class MrpBurst {

    static final String PASSWORD = "bench-only-secret";
    static final String[] SUPPLIERS = { "SUP-ACME", "SUP-BOLT", "SUP-COBALT" };
    static final String HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "peers" -> peers(Path.of(args[1]), Path.of(args[2]));
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "measure" -> measure(args);
            case "plain" -> plain(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** erp-legacy-a's SFTP server (and supplier-cobalt's confirmations folder) and supplier-bolt's FTP server. */
    static void peers(Path dir, Path portsFile) throws Exception {
        Path sftpRoot = dir.resolve("sftp");
        for (String folder : List.of("outbound", "inbound", "cobalt/confirmations")) {
            Files.createDirectories(sftpRoot.resolve(folder));
        }
        SshServer sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("sftp-host.key")));
        sftp.setPasswordAuthenticator((user, password, session) -> PASSWORD.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
        sftp.start();
        StringBuilder knownHosts = new StringBuilder();
        for (KeyPair key : sftp.getKeyPairProvider().loadKeys(null)) {
            knownHosts.append("[127.0.0.1]:").append(sftp.getPort()).append(' ').append(PublicKeyEntry.toString(key.getPublic())).append('\n');
        }
        Files.writeString(dir.resolve("known_hosts"), knownHosts);

        Path ftpRoot = dir.resolve("ftp");
        Files.createDirectories(ftpRoot.resolve("supplier-bolt/inbound"));
        Files.createDirectories(ftpRoot.resolve("supplier-bolt/outbound"));
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        var userManager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName("supplier-bolt");
        user.setPassword(PASSWORD);
        user.setHomeDirectory(ftpRoot.toString());
        user.setAuthorities(List.of(new WritePermission()));
        userManager.save(user);
        factory.setUserManager(userManager);
        DefaultFtpServer ftp = (DefaultFtpServer) factory.createServer();
        ftp.start();
        replyWithoutDelay(ftp.getListener("default"));

        Files.writeString(portsFile, "SFTP_PORT=" + sftp.getPort() + "\nFTP_PORT=" + ftp.getListener("default").getPort() + "\n");
        Thread.currentThread().join();
    }

    /**
     * Apache FtpServer leaves Nagle's algorithm on for its control connections: a completion reply ("226") written
     * right after the transfer's opening reply ("150") then waits for the client's delayed ACK, about 40 ms, three
     * times per delivered file. That is this test server's artefact, not the partner's or the product's, so the bench
     * server sends its replies at once (TCP_NODELAY on every control connection, as the MINA acceptor's session config
     * is copied to each new session).
     */
    static void replyWithoutDelay(org.apache.ftpserver.listener.Listener listener) throws ReflectiveOperationException {
        java.lang.reflect.Field acceptor = listener.getClass().getDeclaredField("acceptor");
        acceptor.setAccessible(true);
        ((org.apache.mina.transport.socket.SocketAcceptor) acceptor.get(listener)).getSessionConfig().setTcpNoDelay(true);
    }

    /** The export: LINES lines, LINES_PER_PO per PO, suppliers in turn, plant 1000 (erp-legacy-a), revision 1, changed. */
    static void generate(Path file, int lines, int linesPerPo) throws IOException {
        int[] pos = new int[SUPPLIERS.length];
        DateTimeFormatter basic = DateTimeFormatter.BASIC_ISO_DATE;
        LocalDate need = LocalDate.of(2027, 3, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < lines; i++) {
                int po = i / linesPerPo;
                int line = (i % linesPerPo + 1) * 10;
                String supplier = SUPPLIERS[po % SUPPLIERS.length];
                if (line == 10) {
                    pos[po % SUPPLIERS.length]++;
                }
                out.write((4_600_000_000L + po) + ";1;U;1000;" + supplier + ";" + line + ";MRP-" + (1000 + (i % 997)) + ";"
                        + (10 + i % 90) + ";EA;" + need.plusDays(i % 60).format(basic) + ";" + (1 + i % 50) + ".25;EUR\n");
            }
        }
        System.out.println("N_ACME=" + pos[0] + " N_BOLT=" + pos[1] + " N_COBALT=" + pos[2]);
    }

    /** Puts the export on erp-legacy-a's SFTP server at once (rename) and waits for the last supplier delivery. */
    static void measure(String[] args) throws Exception {
        Path export = Path.of(args[1]);
        Path sftpOutbound = Path.of(args[2]);
        Path acmeOut = Path.of(args[3]);
        Path boltOut = Path.of(args[4]);
        String cobaltUrl = args[5];
        int nAcme = Integer.parseInt(args[6]);
        int nBolt = Integer.parseInt(args[7]);
        int nCobalt = Integer.parseInt(args[8]);
        long timeoutMillis = Long.parseLong(args[9]) * 1000;
        long lines = 0;
        try (Stream<String> all = Files.lines(export)) {
            lines = all.count() - 1;
        }
        // copied beside the server's folder first, then renamed into it: the export appears whole at one instant
        Path staged = sftpOutbound.getParent().getParent().resolve(".incoming-" + export.getFileName());
        Files.copy(export, staged, StandardCopyOption.REPLACE_EXISTING);
        long start = System.nanoTime();
        Files.move(staged, sftpOutbound.resolve(export.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        HttpClient http = HttpClient.newHttpClient();
        long acme = 0, bolt = 0, cobalt = 0;
        long lastReport = 0;
        while (true) {
            acme = poFiles(acmeOut);
            bolt = poFiles(boltOut);
            cobalt = portalPosts(http, cobaltUrl);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (acme >= nAcme && bolt >= nBolt && cobalt >= nCobalt) {
                break;
            }
            if (elapsed - lastReport >= 10_000) {
                System.err.printf("[p6] %5.1f s: supplier-acme %d/%d, supplier-bolt %d/%d, supplier-cobalt %d/%d%n",
                        elapsed / 1000.0, acme, nAcme, bolt, nBolt, cobalt, nCobalt);
                lastReport = elapsed;
            }
            if (elapsed > timeoutMillis) {
                System.err.printf("[p6] timed out after %d s: supplier-acme %d/%d, supplier-bolt %d/%d, supplier-cobalt %d/%d%n",
                        timeoutMillis / 1000, acme, nAcme, bolt, nBolt, cobalt, nCobalt);
                System.exit(1);
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("| mfgsync: export on SFTP → PO revision workflow → supplier files/posts | %d lines, %d POs | %.1f s | %.0f lines/s |%n",
                lines, nAcme + nBolt + nCobalt, seconds, lines / seconds);
        System.out.printf("RESULT p6_lines=%d%nRESULT p6_seconds=%.2f%n", lines, seconds);
    }

    static long poFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("PO_") && name.endsWith(".csv");
            }).count();
        }
    }

    static long portalPosts(HttpClient http, String portal) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(portal + "/__admin/requests/count"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"POST\",\"url\":\"/api/v1/purchase-orders\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("count").asLong();
    }

    /**
     * The floor: the same file parsed line by line, each PO mapped with Jackson to a canonical PurchaseOrderChanged
     * envelope, written as one file per PO per supplier (a CSV for the file channels, the JSON for the portal).
     */
    static void plain(Path export, Path out) throws IOException {
        long start = System.nanoTime();
        Map<String, Path> folders = new LinkedHashMap<>();
        for (String supplier : SUPPLIERS) {
            folders.put(supplier, Files.createDirectories(out.resolve(supplier)));
        }
        long lines = 0;
        int pos = 0;
        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            in.readLine();
            List<String[]> current = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split(";", -1);
                lines++;
                if (!current.isEmpty() && !current.get(0)[0].equals(fields[0])) {
                    writePo(current, folders);
                    pos++;
                    current.clear();
                }
                current.add(fields);
            }
            if (!current.isEmpty()) {
                writePo(current, folders);
                pos++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("| plain Java: parse → Jackson map → per-supplier files | %d lines, %d POs | %.1f s | %.0f lines/s |%n",
                lines, pos, seconds, lines / seconds);
        System.out.printf("RESULT p6_plain_seconds=%.2f%n", seconds);
    }

    static void writePo(List<String[]> lines, Map<String, Path> folders) throws IOException {
        String[] head = lines.get(0);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("eventType", "PurchaseOrderChanged");
        envelope.put("schemaVersion", "1.0");
        envelope.put("occurredAt", OffsetDateTime.now().toString());
        envelope.put("correlationId", UUID.randomUUID().toString());
        envelope.putObject("source").put("system", "erp").put("instance", "erp-legacy-a");
        envelope.put("plant", head[3]);
        envelope.putObject("businessKeys").put("purchaseOrder", head[0]).put("supplier", head[4]);
        envelope.put("idempotencyKey", "erp-legacy-a:" + head[0] + ":" + head[1]);
        ObjectNode payload = envelope.putObject("payload");
        payload.put("purchaseOrder", head[0]).put("revision", Integer.parseInt(head[1])).put("changeType", "REVISED")
                .put("supplier", head[4]).put("currency", head[11]);
        ArrayNode poLines = payload.putArray("lines");
        for (String[] f : lines) {
            poLines.addObject().put("poLine", f[5]).put("item", f[6]).put("quantity", new java.math.BigDecimal(f[7]))
                    .put("unitOfMeasure", f[8]).put("needDate", LocalDate.parse(f[9], DateTimeFormatter.BASIC_ISO_DATE).toString())
                    .put("unitPrice", f[10].isEmpty() ? null : new java.math.BigDecimal(f[10])).put("plant", f[3]);
        }
        Path folder = folders.get(head[4]);
        String name = "PO_" + head[0] + "_REV" + head[1];
        if (head[4].equals("SUP-COBALT")) {
            Files.write(folder.resolve(name + ".json"), JSON.writeValueAsBytes(envelope));
            return;
        }
        StringBuilder csv = new StringBuilder("PO_NUMBER,REVISION,PO_LINE,ITEM,QUANTITY,UOM,NEED_DATE,UNIT_PRICE,CURRENCY\n");
        for (var l : payload.path("lines")) {
            csv.append(head[0]).append(',').append(head[1]).append(',').append(l.path("poLine").asText()).append(',')
                    .append(l.path("item").asText()).append(',').append(l.path("quantity").asText()).append(',')
                    .append(l.path("unitOfMeasure").asText()).append(',').append(l.path("needDate").asText()).append(',')
                    .append(l.path("unitPrice").asText()).append(',').append(head[11]).append('\n');
        }
        Files.writeString(folder.resolve(name + ".csv"), csv);
    }
}
