package org.mfgsync.connectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The security part of a file connector's endpoint, made from the instance's typed settings
 * ({@code mfgsync.connectors.endpoints.<instance>.*}, {@link ConnectorsConfig.Endpoint}) and never from a free-form
 * options string: the placeholder function {@code connector}, which the file connector templates call as
 * <pre>
 * {{connector:scheme:{{instance}}:{{transport}}}}:{{location}}?{{connector:query:{{instance}}:{{transport}}:{{transportOptions}}}}delay=...
 * </pre>
 * {@code scheme} gives the Camel component: {@code file}, {@code sftp}, and for an FTP partner ({@code ftp}, or
 * {@code ftps} to insist on TLS) {@code ftps} unless the instance's {@code tls=none} is covered by its
 * {@code plain-ftp-waiver}. {@code query} gives the endpoint's options, each followed by {@code &}: credentials
 * ({@code username}, {@code password}, {@code private-key-file}, {@code private-key-passphrase}, secrets as
 * {@code RAW(...)}), for SFTP always the strict host key check against {@code known-hosts-file}, for FTPS the TLS
 * settings (certificate verified through bean {@code connectorTls}, host name checked), then the instance's own
 * {@code transportOptions}, which must hold no security setting.
 * <p>
 * A missing or contradictory setting fails the route as it is built, naming the instance and the setting: at start
 * the application does not start; at a hot reload or {@code make validate} the file is rejected. Plain FTP is used
 * only where {@code tls=none} comes with {@code plain-ftp-waiver=<reason>}, and then logged once as a warning naming
 * the instance and the reason. Camel finds the function by its service file
 * ({@code META-INF/services/org/apache/camel/properties-function/connector}), so the application, the hot reload's
 * validation contexts and {@code make validate} all use it, each reading the settings through its own placeholders.
 */
@RegisterForReflection
public class ConnectorEndpoints implements PropertiesFunction, CamelContextAware {

    public static final String NAME = "connector";
    static final String PREFIX = "mfgsync.connectors.endpoints.";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");

    /** Instances whose plain-FTP waiver was logged, with the reason: once per JVM, however often routes are built. */
    private static final Set<String> WAIVERS_LOGGED = ConcurrentHashMap.newKeySet();

    /**
     * Endpoint options (lower case) that are security settings: set from typed settings only, refused in an instance's
     * {@code transportOptions}.
     */
    static final Set<String> SECURITY_OPTIONS = Set.of("username", "password", "privatekeyfile", "privatekeypassphrase",
            "privatekey", "privatekeyuri", "knownhostsfile", "knownhosts", "knownhostsuri", "stricthostkeychecking",
            "useuserknownhostsfile", "implicit", "securityprotocol", "sslcontextparameters",
            "ftpclient.endpointcheckingenabled", "disablesecuredatachanneldefaults", "execprot", "execpbsz",
            "ftpclient.trustmanager", "keypair", "serverhostkeys");

    private CamelContext camel;
    private Function<String, Optional<String>> settings;

    /** As Camel makes it: the settings are read through the context's placeholders. */
    public ConnectorEndpoints() {
    }

    /** With the settings (full property names) from elsewhere, e.g. in a unit test. */
    public ConnectorEndpoints(Function<String, Optional<String>> settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public String apply(String remainder) {
        String[] parts = remainder.split(":", 4);
        if (parts.length >= 3 && parts[0].equals("scheme")) {
            return scheme(parts[1], parts[2]);
        }
        if (parts.length >= 3 && parts[0].equals("query")) {
            return query(parts[1], parts[2], parts.length > 3 ? parts[3] : "");
        }
        throw new IllegalArgumentException("{{connector:" + remainder + "}}: expected connector:scheme:<instance>:<transport>"
                + " or connector:query:<instance>:<transport>:<transportOptions>");
    }

    /** The Camel component of the instance's endpoint. */
    public String scheme(String instance, String transport) {
        return switch (transport) {
            case "file", "sftp" -> transport;
            case "ftp", "ftps" -> plainFtp(instance, transport) ? "ftp" : "ftps";
            default -> throw unknownTransport(instance, transport);
        };
    }

    /** The endpoint's options, each followed by {@code &}: security settings from the typed settings, then the instance's own. */
    public String query(String instance, String transport, String transportOptions) {
        List<String> options = new ArrayList<>();
        switch (transport) {
            case "file" -> {
            }
            case "sftp" -> sftp(instance, options);
            case "ftp", "ftps" -> ftp(instance, transport, options);
            default -> throw unknownTransport(instance, transport);
        }
        if (!transport.equals("file")) {
            // Without it, Camel asks whether a remote file exists by listing its whole folder: an outbound file (temp
            // name, then final name) cost two listings of a folder that grows with every delivery, quadratic in a burst
            options.add("fastExistsCheck=true");
        }
        for (String option : transportOptions.split("&")) {
            if (option.isBlank()) {
                continue;
            }
            String name = option.split("=", 2)[0].trim();
            if (SECURITY_OPTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Connector instance " + instance + ": transportOptions must not set the"
                        + " security setting '" + name + "'; it comes from the typed settings " + PREFIX + instance
                        + ".* (" + typedSettingFor(name) + ")");
            }
            options.add(option);
        }
        StringBuilder query = new StringBuilder();
        for (String option : options) {
            query.append(option).append('&');
        }
        return query.toString();
    }

    private void sftp(String instance, List<String> options) {
        String knownHosts = setting(instance, "known-hosts-file").orElseThrow(() -> new IllegalArgumentException(
                "Connector instance " + instance + " (sftp): set " + PREFIX + instance + ".known-hosts-file — the server's"
                        + " host key is always checked against it (record it with ssh-keyscan -p <port> <host> and check"
                        + " it with the partner); there is no setting that turns the check off"));
        options.add("knownHostsFile=" + raw(instance, "known-hosts-file", knownHosts));
        options.add("strictHostKeyChecking=yes");
        options.add("useUserKnownHostsFile=false");
        credentials(instance, options);
        Optional<String> key = setting(instance, "private-key-file");
        Optional<String> passphrase = setting(instance, "private-key-passphrase");
        if (passphrase.isPresent() && key.isEmpty()) {
            throw new IllegalArgumentException("Connector instance " + instance + " (sftp): " + PREFIX + instance
                    + ".private-key-passphrase is set but " + PREFIX + instance + ".private-key-file is not");
        }
        if (key.isPresent()) {
            if (enabled(instance) && !Files.isReadable(Path.of(key.get()))) {
                throw new IllegalArgumentException("Connector instance " + instance + " (sftp): the private key file of "
                        + PREFIX + instance + ".private-key-file (" + key.get() + ") does not exist or cannot be read");
            }
            options.add("privateKeyFile=" + raw(instance, "private-key-file", key.get()));
            passphrase.ifPresent(p -> options.add("privateKeyPassphrase=" + raw(instance, "private-key-passphrase", p)));
        }
    }

    private void ftp(String instance, String transport, List<String> options) {
        credentials(instance, options);
        if (plainFtp(instance, transport)) {
            return;
        }
        options.add("implicit=" + (tls(instance) == ConnectorsConfig.FtpTls.IMPLICIT));
        options.add("sslContextParameters=#connectorTls");
        options.add("ftpClient.endpointCheckingEnabled=true");
    }

    private void credentials(String instance, List<String> options) {
        setting(instance, "username").ifPresent(u -> options.add("username=" + raw(instance, "username", u)));
        setting(instance, "password").ifPresent(p -> options.add("password=" + raw(instance, "password", p)));
    }

    /**
     * Whether an FTP instance goes without TLS: only with {@code tls=none} and a waiver; {@code tls=none} without a
     * waiver, or on a {@code ftps} instance, is refused. The waiver is logged once.
     */
    private boolean plainFtp(String instance, String transport) {
        if (tls(instance) != ConnectorsConfig.FtpTls.NONE) {
            return false;
        }
        if (transport.equals("ftps")) {
            throw new IllegalArgumentException("Connector instance " + instance + ": transport ftps requires TLS, but "
                    + PREFIX + instance + ".tls=none");
        }
        String waiver = setting(instance, "plain-ftp-waiver").orElseThrow(() -> new IllegalArgumentException(
                "Connector instance " + instance + ": plain FTP (" + PREFIX + instance + ".tls=none) is refused without"
                        + " a waiver: set " + PREFIX + instance + ".plain-ftp-waiver=<reason>, or leave tls unset to use"
                        + " FTPS"));
        if (WAIVERS_LOGGED.add(instance + '\n' + waiver)) {
            LOG.warnf("Plain FTP without TLS by waiver instance=%s waiver=%s: user name, password and files cross the"
                    + " network unencrypted", LogText.escape(instance), LogText.escape(waiver));
        }
        return true;
    }

    private ConnectorsConfig.FtpTls tls(String instance) {
        String value = setting(instance, "tls").orElse("explicit");
        try {
            return ConnectorsConfig.FtpTls.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Connector instance " + instance + ": " + PREFIX + instance + ".tls="
                    + value + " is not one of explicit, implicit, none");
        }
    }

    private boolean enabled(String instance) {
        return setting(instance, "enabled").map(Boolean::parseBoolean).orElse(false);
    }

    private Optional<String> setting(String instance, String key) {
        String name = PREFIX + instance + "." + key;
        Optional<String> value = settings != null ? settings.apply(name)
                : camel.getPropertiesComponent().resolveProperty(name);
        return value.filter(v -> !v.isBlank());
    }

    /** A value as Camel takes it literally, whatever characters it holds. */
    private static String raw(String instance, String key, String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("Connector instance " + instance + ": " + PREFIX + instance + "." + key
                + " holds both ')' and '}', which an endpoint cannot take literally");
    }

    private static String typedSettingFor(String option) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "username" -> "username";
            case "password" -> "password";
            case "privatekeyfile", "privatekey", "privatekeyuri", "keypair" -> "private-key-file";
            case "privatekeypassphrase" -> "private-key-passphrase";
            case "knownhostsfile", "knownhosts", "knownhostsuri", "stricthostkeychecking", "useuserknownhostsfile",
                    "serverhostkeys" -> "known-hosts-file; the host key is always checked";
            default -> "tls, plain-ftp-waiver; FTPS settings come from mfgsync.connectors.trust-store-*";
        };
    }

    private static IllegalArgumentException unknownTransport(String instance, String transport) {
        return new IllegalArgumentException("Connector instance " + instance + ": transport '" + transport
                + "' is not one of file, sftp, ftp, ftps");
    }
}
