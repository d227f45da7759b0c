package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * supplier-cobalt's SFTP server (Apache MINA SSHD) in the test JVM on a free port, with a host key generated for the
 * run and a known_hosts file that names it, the way an operator records a partner's key: the connector verifies the
 * server against that file. {@link #replaceHostKey} restarts the server on the same port with another key (a server
 * swapped or impersonated), {@link #restoreHostKey} brings the known one back.
 */
public class SupplierSftpServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "mfgsync";
    public static final String PASSWORD = "test-only-secret";
    public static final String INSTANCE = "supplier-cobalt";

    private static SshServer server;
    private static Path root;
    private static Path knownHosts;
    private static KeyPair hostKey;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("mfgsync-sftp-cobalt-");
            Files.createDirectories(root.resolve("confirmations"));
            hostKey = newHostKey();
            port = 0;
            startServer(hostKey);
            port = server.getPort();
            knownHosts = root.resolveSibling(root.getFileName() + "-known_hosts");
            Files.writeString(knownHosts, knownHostsLine(hostKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "mfgsync.connectors.endpoints." + INSTANCE + ".";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", "127.0.0.1:" + port,
                prefix + "username", USER,
                prefix + "password", PASSWORD,
                prefix + "known-hosts-file", knownHosts.toString(),
                prefix + "poll-delay", "300",
                "mfgsync.connectors.work-dir", root.resolveSibling(root.getFileName() + "-work").toString());
    }

    /** The known_hosts line of a key for this server: {@code [127.0.0.1]:port keytype base64}. */
    static String knownHostsLine(KeyPair key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    private static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void startServer(KeyPair key) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(key));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
    }

    /** Restarts the server on the same port with a newly generated host key that the known_hosts file does not hold. */
    public static void replaceHostKey() {
        restart(newHostKey());
    }

    /** Restarts the server on the same port with the host key the known_hosts file holds. */
    public static void restoreHostKey() {
        restart(hostKey);
    }

    private static void restart(KeyPair key) {
        try {
            server.stop(true);
            startServer(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** The folder the SFTP user sees as {@code /}. */
    public static Path root() {
        return root;
    }
}
