package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An FTPS server (Apache FtpServer, explicit TLS, passive mode) in the test JVM that, like a hardened production
 * server, refuses to log in a client that has not switched to TLS and refuses unencrypted data connections. Its key
 * and certificate (for 127.0.0.1) are generated for the run with the JDK's keytool; the client trusts exactly that
 * certificate through a trust store made the same way. Nothing of it is in git.
 * <p>
 * Test connector instances read it from the routes folder the stack's application runs from ({@link TestStack},
 * {@link ReloadFolders}): {@code supplier-delta} over FTPS ({@code suppliers/test-ftps.camel.yaml}, there from the
 * start; transport {@code ftp}, so FTPS by default), {@code supplier-delta-plain}, plain FTP by waiver, which the server
 * must refuse, and {@code supplier-delta-unwaived}, plain FTP without a waiver, which mfgsync must refuse. Its failing poll makes the whole application
 * unready, so it is there only while the test that shows it runs: {@link #addPlainFtpInstance()} writes its route file
 * (hot reload adds the route), the test deletes the file again. A part of {@link TestStack}.
 */
public class FtpsServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "supplier-delta";
    public static final String PASSWORD = "test-only-secret";
    public static final String TLS_REQUIRED = "TLS required: send AUTH TLS before logging in";
    /** The route of the plain-FTP instance, there only while {@link #addPlainFtpInstance()}'s file is. */
    public static final String PLAIN_ROUTE = "suppliers.supplier-delta-plain-commits-in";

    private static org.apache.ftpserver.FtpServer server;
    private static Path root;

    @Override
    public Map<String, String> start() {
        int port;
        Keys keys;
        try {
            root = Files.createTempDirectory("mfgsync-ftps-");
            Files.createDirectories(root.resolve("supplier-delta/inbound"));
            Files.createDirectories(root.resolve("supplier-delta/plain"));
            keys = Keys.get();
            Path keystore = keys.folder().resolve("server.p12");
            String storePassword = keys.password();

            SslConfigurationFactory sslFactory = new SslConfigurationFactory();
            sslFactory.setKeystoreFile(keystore.toFile());
            sslFactory.setKeystoreType("PKCS12");
            sslFactory.setKeystorePassword(storePassword);
            sslFactory.setKeyPassword(storePassword);
            sslFactory.setSslProtocol("TLSv1.3");
            SslConfiguration ssl = sslFactory.createSslConfiguration();

            FtpServerFactory factory = new FtpServerFactory();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(0);
            listener.setSslConfiguration(ssl);
            listener.setImplicitSsl(false);
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setPassiveAddress("127.0.0.1");
            data.setSslConfiguration(ssl);
            listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
            factory.addListener("default", listener.createListener());
            factory.setFtplets(new HashMap<>(Map.of("tls-required", new TlsRequired())));
            PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
            users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
            UserManager userManager = users.createUserManager();
            BaseUser user = new BaseUser();
            user.setName(USER);
            user.setPassword(PASSWORD);
            user.setHomeDirectory(root.toString());
            user.setAuthorities(List.of(new WritePermission()));
            userManager.save(user);
            factory.setUserManager(userManager);
            server = factory.createServer();
            server.start();
            port = ((DefaultFtpServer) server).getListener("default").getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("FTPS test server did not start", e);
        }
        Map<String, String> config = new HashMap<>();
        for (String instance : List.of("supplier-delta", "supplier-delta-plain", "supplier-delta-unwaived")) {
            String prefix = "mfgsync.connectors.endpoints." + instance + ".";
            config.put(prefix + "enabled", "true");
            config.put(prefix + "location", "127.0.0.1:" + port + "/supplier-delta/"
                    + (instance.equals("supplier-delta") ? "inbound" : "plain"));
            config.put(prefix + "username", USER);
            config.put(prefix + "password", PASSWORD);
            // a poll of an FTPS folder lists it over a new TLS data connection, a handshake each time: every 300 ms
            // like the other test servers, that was a fifth of the CPU the test JVM spent in Java code
            config.put(prefix + "poll-delay", "1000");
        }
        // plain FTP against this server: with a waiver (the server refuses it), and without one (mfgsync refuses it)
        config.put("mfgsync.connectors.endpoints.supplier-delta-plain.tls", "none");
        config.put("mfgsync.connectors.endpoints.supplier-delta-plain.plain-ftp-waiver",
                "test stack: shows what a server that requires TLS answers to plain FTP");
        config.put("mfgsync.connectors.endpoints.supplier-delta-unwaived.tls", "none");
        config.put("mfgsync.connectors.trust-store-file", keys.folder().resolve("trust.p12").toString());
        config.put("mfgsync.connectors.trust-store-password", keys.password());
        config.put("mfgsync.connectors.work-dir", root.resolveSibling(root.getFileName() + "-work").toString());
        return config;
    }

    /**
     * The server's key pair and self-signed certificate, and a trust store holding that certificate: made once per test
     * JVM (three keytool runs, a JVM start each) and used by every start of the server in it.
     */
    record Keys(Path folder, String password) {

        private static Keys made;

        static synchronized Keys get() throws IOException {
            if (made == null) {
                Path folder = Files.createTempDirectory("mfgsync-ftps-keys-");
                String password = UUID.randomUUID().toString();
                Path keystore = folder.resolve("server.p12");
                keytool("-genkeypair", "-alias", "ftps", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                        "-keystore", keystore.toString(), "-storepass", password);
                keytool("-exportcert", "-rfc", "-alias", "ftps", "-keystore", keystore.toString(),
                        "-storepass", password, "-file", folder.resolve("server.crt").toString());
                keytool("-importcert", "-noprompt", "-alias", "ftps", "-file", folder.resolve("server.crt").toString(),
                        "-storetype", "PKCS12", "-keystore", folder.resolve("trust.p12").toString(), "-storepass", password);
                made = new Keys(folder, password);
            }
            return made;
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Refuses login before AUTH TLS (530) and file transfers or listings over an unencrypted data channel (521). */
    static final class TlsRequired extends DefaultFtplet {
        private static final Set<String> DATA_COMMANDS = Set.of("RETR", "STOR", "LIST", "NLST", "MLSD", "APPE", "STOU");

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand().toUpperCase(Locale.ROOT);
            if ((command.equals("USER") || command.equals("PASS")) && !session.isSecure()) {
                session.write(new DefaultFtpReply(530, TLS_REQUIRED));
                return FtpletResult.SKIP;
            }
            if (DATA_COMMANDS.contains(command) && !session.getDataConnection().isSecure()) {
                session.write(new DefaultFtpReply(521, "Data connections must be encrypted: send PROT P"));
                return FtpletResult.SKIP;
            }
            return super.beforeCommand(session, request);
        }
    }

    /**
     * The FTPS test instance: supplier-delta's commit CSV over FTPS (explicit TLS, certificate verified through bean
     * connectorTls, host name checked).
     */
    static final String INSTANCE = """
            - templatedRoute:
                routeTemplateRef: connector-file-inbound
                routeId: suppliers.supplier-delta-commits-in
                parameters:
                  - {name: instance, value: supplier-delta}
                  - {name: system, value: supplier}
                  - {name: transport, value: ftp}
                  - {name: location, value: "{{mfgsync.connectors.endpoints.supplier-delta.location}}"}
                  - name: transportOptions
                    value: "passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/supplier-delta&throwExceptionOnConnectFailed=true"
                  - {name: enabled, value: "{{mfgsync.connectors.endpoints.supplier-delta.enabled}}"}
                  - {name: pollDelay, value: "{{mfgsync.connectors.endpoints.supplier-delta.poll-delay}}"}
                  - {name: layout, value: supplier-standard-csv/supplier-commits.beanio.xml}
                  - {name: stream, value: supplier-commits}
                  - {name: mapping, value: supplier-standard-csv/supplier-commit-changed.jsonata}
                  - {name: topic, value: mfgsync.supplier-commit-changed.v1}
                  - {name: partitionKey, value: purchaseOrder}
            """;

    /** The same server configured as plain FTP, which it must refuse: added and removed by the test that shows it. */
    static final String PLAIN_INSTANCE = """
            - templatedRoute:
                routeTemplateRef: connector-file-inbound
                routeId: suppliers.supplier-delta-plain-commits-in
                parameters:
                  - {name: instance, value: supplier-delta-plain}
                  - {name: system, value: supplier}
                  - {name: transport, value: ftp}
                  - {name: location, value: "{{mfgsync.connectors.endpoints.supplier-delta-plain.location}}"}
                  - name: transportOptions
                    value: "passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/supplier-delta-plain&throwExceptionOnConnectFailed=true"
                  - {name: enabled, value: "{{mfgsync.connectors.endpoints.supplier-delta-plain.enabled}}"}
                  - {name: pollDelay, value: "{{mfgsync.connectors.endpoints.supplier-delta-plain.poll-delay}}"}
                  - {name: layout, value: supplier-standard-csv/supplier-commits.beanio.xml}
                  - {name: stream, value: supplier-commits}
                  - {name: mapping, value: supplier-standard-csv/supplier-commit-changed.jsonata}
                  - {name: topic, value: mfgsync.supplier-commit-changed.v1}
                  - {name: partitionKey, value: purchaseOrder}
            """;

    /** Plain FTP without a waiver, which mfgsync itself refuses: the route file is rejected, nothing connects. */
    static final String UNWAIVED_INSTANCE = """
            - templatedRoute:
                routeTemplateRef: connector-file-inbound
                routeId: suppliers.supplier-delta-unwaived-commits-in
                parameters:
                  - {name: instance, value: supplier-delta-unwaived}
                  - {name: system, value: supplier}
                  - {name: transport, value: ftp}
                  - {name: location, value: "{{mfgsync.connectors.endpoints.supplier-delta-unwaived.location}}"}
                  - name: transportOptions
                    value: "passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/supplier-delta-unwaived&throwExceptionOnConnectFailed=true"
                  - {name: enabled, value: "{{mfgsync.connectors.endpoints.supplier-delta-unwaived.enabled}}"}
                  - {name: pollDelay, value: "{{mfgsync.connectors.endpoints.supplier-delta-unwaived.poll-delay}}"}
                  - {name: layout, value: supplier-standard-csv/supplier-commits.beanio.xml}
                  - {name: stream, value: supplier-commits}
                  - {name: mapping, value: supplier-standard-csv/supplier-commit-changed.jsonata}
                  - {name: topic, value: mfgsync.supplier-commit-changed.v1}
                  - {name: partitionKey, value: purchaseOrder}
            """;

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Adds the FTPS test instance's route file ({@code suppliers/test-ftps.camel.yaml}) to a routes folder. */
    static void addInstance(Path routes) throws IOException {
        Files.createDirectories(routes.resolve("suppliers"));
        Files.writeString(routes.resolve("suppliers/test-ftps.camel.yaml"), INSTANCE);
    }

    /**
     * Writes the plain-FTP instance's route file into the routes folder the application runs from; hot reload adds its
     * route. The caller deletes the file (the returned path) when done, and hot reload removes the route again.
     */
    public static Path addPlainFtpInstance() {
        try {
            return Files.writeString(ReloadFolders.routes().resolve("suppliers/test-ftps-plain.camel.yaml"), PLAIN_INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the route file of a plain-FTP instance that has no waiver into the routes folder the application runs from;
     * hot reload must reject it. The caller deletes the file (the returned path) when done.
     */
    public static Path addUnwaivedPlainFtpInstance() {
        try {
            return Files.writeString(ReloadFolders.routes().resolve("suppliers/test-ftp-unwaived.camel.yaml"),
                    UNWAIVED_INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The FTPS user's home folder. */
    public static Path root() {
        return root;
    }
}
