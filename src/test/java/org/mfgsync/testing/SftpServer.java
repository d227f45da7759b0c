package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SFTP server (Apache MINA SSHD) in the test JVM: free port, generated host key, password login, the users'
 * files in a temporary folder that tests read and write directly. Plays erp-legacy-a's SFTP server.
 */
public class SftpServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "erp-a";
    public static final String PASSWORD = "test-only-secret";

    private static SshServer server;
    private static Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("mfgsync-sftp-");
            Files.createDirectories(root.resolve("outbound"));
            Files.createDirectories(root.resolve("inbound"));
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + ".hostkey")));
            server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "mfgsync.connectors.endpoints.erp-legacy-a.";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", "127.0.0.1:" + server.getPort(),
                prefix + "username", USER,
                prefix + "password", PASSWORD,
                prefix + "poll-delay", "300",
                "mfgsync.connectors.work-dir", root.resolveSibling(root.getFileName() + "-work").toString());
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
