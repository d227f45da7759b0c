package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SFTP server (Apache MINA SSHD) in the test JVM: free port, generated host key, password login, the users'
 * files in a temporary folder that tests read and write directly. Plays erp-legacy-a's SFTP server.
 */
public class SftpServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "erp-a";
    public static final String PASSWORD = "test-only-secret";

    private static final FileEvents FILE_EVENTS = new FileEvents();
    private static SshServer server;
    private static Path root;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("mfgsync-sftp-");
            Files.createDirectories(root.resolve("outbound"));
            Files.createDirectories(root.resolve("inbound"));
            startServer(0);
            // the connector verifies the server's host key, as an operator would have recorded it
            StringBuilder knownHosts = new StringBuilder();
            for (KeyPair key : server.getKeyPairProvider().loadKeys(null)) {
                knownHosts.append("[127.0.0.1]:").append(server.getPort()).append(' ')
                        .append(PublicKeyEntry.toString(key.getPublic())).append('\n');
            }
            Files.writeString(knownHostsFile(), knownHosts);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The SFTP server did not start", e);
        }
        String prefix = "mfgsync.connectors.endpoints.erp-legacy-a.";
        return Map.of(prefix + "enabled", "true",
                prefix + "known-hosts-file", knownHostsFile().toString(),
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

    private static Path knownHostsFile() {
        return root.resolveSibling(root.getFileName() + "-known_hosts");
    }

    private static void startServer(int onPort) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(onPort);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + ".hostkey")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(FILE_EVENTS);
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
    }

    /** Takes the server down (clients are refused) until {@link #restart()}: an outage of erp-legacy-a's SFTP server. */
    public static void takeDown() throws IOException {
        port = server.getPort();
        server.stop(true);
    }

    /** Brings the server back on the same port. */
    public static void restart() throws IOException {
        if (!server.isStarted()) {
            startServer(port);
        }
    }

    /**
     * What a reader of the server's folders could have seen, in order: {@code write <name>} for every block written
     * into a file, {@code read <name>} for every block read from one, {@code rename <from> <to>} for every rename.
     */
    public static List<String> fileEvents() {
        return List.copyOf(FILE_EVENTS.events);
    }

    static final class FileEvents implements SftpEventListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                int dataOffset, int dataLen, Throwable thrown) {
            events.add("write " + localHandle.getFile().getFileName());
        }

        @Override
        public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                int dataOffset, int dataLen, int readLen, Throwable thrown) {
            events.add("read " + localHandle.getFile().getFileName());
        }

        @Override
        public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts, Throwable thrown) {
            events.add("rename " + srcPath.getFileName() + " " + dstPath.getFileName());
        }
    }

    /** The folder the SFTP user sees as {@code /}. */
    public static Path root() {
        return root;
    }
}
