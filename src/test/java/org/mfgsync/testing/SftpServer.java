package org.mfgsync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SFTP server (Apache MINA SSHD) in the test JVM: free port, generated host key, public-key login only (no
 * password authenticator at all), the users' files in a temporary folder that tests read and write directly. Plays
 * erp-legacy-a's SFTP server: the connector logs in with an encrypted OpenSSH private key made for the run
 * ({@code private-key-file}, {@code private-key-passphrase}) and checks the server's host key against a known-hosts
 * file written as an operator would have recorded it. {@link #restartWithAnotherHostKey()} plays a server whose key
 * has changed (a man in the middle, or a reinstalled server nobody announced).
 */
public class SftpServer implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "erp-a";
    /** Passphrase of the client's private key; a test secret, never in git. */
    public static final String KEY_PASSPHRASE = "test-only-passphrase";

    private static final AtomicInteger KEY_LOGINS = new AtomicInteger();
    private static KeyPair clientKey;

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
            writeClientKey();
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
                prefix + "private-key-file", clientKeyFile().toString(),
                prefix + "private-key-passphrase", KEY_PASSPHRASE,
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

    private static Path clientKeyFile() {
        return root.resolveSibling(root.getFileName() + "-client_ecdsa");
    }

    /** The connector's key pair, its private half written as an encrypted OpenSSH key (AES-256-CTR, bcrypt). */
    private static void writeClientKey() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        clientKey = generator.generateKeyPair();
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword(KEY_PASSPHRASE);
        encryption.setCipherName("AES");
        encryption.setCipherMode("CTR");
        encryption.setCipherType("256");
        try (OutputStream out = Files.newOutputStream(clientKeyFile())) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "mfgsync-test", encryption, out);
        }
    }

    private static void startServer(int onPort) throws IOException {
        startServer(onPort, root.resolveSibling(root.getFileName() + ".hostkey"));
    }

    private static void startServer(int onPort, Path hostKey) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(onPort);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean known = USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic());
            if (known) {
                KEY_LOGINS.incrementAndGet();
            }
            return known;
        });
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

    /** Brings the server back on the same port, with its own host key. */
    public static void restart() throws IOException {
        if (!server.isStarted()) {
            startServer(port);
        }
    }

    /**
     * Restarts the server on the same port with a host key of its own that is not in the connector's known-hosts file;
     * {@link #restart()} after {@link #takeDown()} puts the real key back.
     */
    public static void restartWithAnotherHostKey() throws IOException {
        takeDown();
        Path other = root.resolveSibling(root.getFileName() + ".other-hostkey");
        Files.deleteIfExists(other);
        startServer(port, other);
    }

    /** Logins by the connector's public key so far (the server takes no other). */
    public static int keyLogins() {
        return KEY_LOGINS.get();
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
