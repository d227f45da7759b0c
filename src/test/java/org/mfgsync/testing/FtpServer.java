package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real FTP server (Apache FtpServer, passive mode) in the test JVM on a free port: supplier-bolt's folder tree. */
public class FtpServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "supplier-bolt";
    public static final String PASSWORD = "test-only-secret";

    /** FTP commands that change what a reader of the folders sees, and downloads (RETR). */
    private static final Set<String> FILE_COMMANDS = Set.of("STOR", "APPE", "RETR", "RNFR", "RNTO", "DELE");
    private static final List<String> FILE_EVENTS = new CopyOnWriteArrayList<>();

    private static org.apache.ftpserver.FtpServer server;
    private static Path root;

    @Override
    public Map<String, String> start() {
        int port;
        try {
            root = Files.createTempDirectory("mfgsync-ftp-");
            Files.createDirectories(root.resolve("supplier-bolt/inbound"));
            Files.createDirectories(root.resolve("supplier-bolt/outbound"));
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
            UserManager userManager = users.createUserManager();
            BaseUser user = new BaseUser();
            user.setName(USER);
            user.setPassword(PASSWORD);
            user.setHomeDirectory(root.toString());
            user.setAuthorities(List.of(new WritePermission()));
            userManager.save(user);
            factory.setUserManager(userManager);
            factory.setFtplets(Map.of("file-events", new DefaultFtplet() {
                @Override
                public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) {
                    if (FILE_COMMANDS.contains(request.getCommand().toUpperCase(java.util.Locale.ROOT))) {
                        FILE_EVENTS.add(request.getCommand().toUpperCase(java.util.Locale.ROOT) + " " + request.getArgument()
                                + " -> " + reply.getCode());
                    }
                    return FtpletResult.DEFAULT;
                }
            }));
            server = factory.createServer();
            server.start();
            // port 0: the listener knows the port it was given
            port = ((DefaultFtpServer) server).getListener("default").getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("FTP test server did not start", e);
        }
        String prefix = "mfgsync.connectors.endpoints.supplier-bolt.";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", "127.0.0.1:" + port + "/supplier-bolt",
                prefix + "username", USER,
                prefix + "password", PASSWORD,
                // Apache FtpServer here has no TLS: plain FTP, by waiver (FTPS is tested against FtpsServer)
                prefix + "tls", "none",
                prefix + "plain-ftp-waiver", "test stack: the in-JVM FTP server of supplier-bolt has no TLS",
                prefix + "poll-delay", "300");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /**
     * What a reader of the folders could have seen, in order: {@code STOR <path> -> <reply code>}, {@code RNFR},
     * {@code RNTO}, {@code APPE}, {@code DELE}, and the downloads ({@code RETR}), as the clients sent them.
     */
    public static List<String> fileEvents() {
        return List.copyOf(FILE_EVENTS);
    }

    /** The FTP user's home folder. */
    public static Path root() {
        return root;
    }
}
