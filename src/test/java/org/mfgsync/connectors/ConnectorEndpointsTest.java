package org.mfgsync.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfgsync.testing.CapturedLogs;

/**
 * The security part of a file connector's endpoint comes from the instance's typed settings only: SFTP always checks
 * the host key, FTP is FTPS unless plain FTP is waived, and nothing security-related is taken from the free-form
 * transport options.
 */
class ConnectorEndpointsTest {

    static final String P = "mfgsync.connectors.endpoints.";

    final Map<String, String> settings = new HashMap<>();
    final ConnectorEndpoints endpoints = new ConnectorEndpoints(name -> Optional.ofNullable(settings.get(name)));
    final CapturedLogs log = new CapturedLogs("org.mfgsync.connectors");
    final List<LogRecord> logged = log.records();

    @TempDir
    Path folder;

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void releaseLog() {
        log.stop();
    }

    @Test
    void shouldAuthenticateSftpByKeyAndAlwaysCheckTheHostKeyStrictly() throws Exception {
        Path key = Files.writeString(folder.resolve("id_ecdsa"), "key");
        settings.put(P + "erp-x.enabled", "true");
        settings.put(P + "erp-x.known-hosts-file", "/etc/mfgsync/known_hosts");
        settings.put(P + "erp-x.username", "mfgsync");
        settings.put(P + "erp-x.private-key-file", key.toString());
        settings.put(P + "erp-x.private-key-passphrase", "pass(word");

        assertThat(endpoints.scheme("erp-x", "sftp")).isEqualTo("sftp");
        assertThat(endpoints.query("erp-x", "sftp", "localWorkDirectory=/w&throwExceptionOnConnectFailed=true"))
                .isEqualTo("knownHostsFile=RAW(/etc/mfgsync/known_hosts)&strictHostKeyChecking=yes"
                        + "&useUserKnownHostsFile=false&username=RAW(mfgsync)&privateKeyFile=RAW(" + key + ")"
                        + "&privateKeyPassphrase=RAW(pass(word)&fastExistsCheck=true&localWorkDirectory=/w"
                        + "&throwExceptionOnConnectFailed=true&");
    }

    @Test
    void shouldPassASecretHoldingAClosingParenthesisLiterally() {
        settings.put(P + "erp-x.known-hosts-file", "/k");
        settings.put(P + "erp-x.password", "a)b&c=d");

        assertThat(endpoints.query("erp-x", "sftp", "")).contains("password=RAW{a)b&c=d}&");
    }

    @Test
    void shouldRefuseAnSftpInstanceWithoutKnownHostsFileNamingTheSetting() {
        settings.put(P + "erp-x.password", "secret");

        assertThatThrownBy(() -> endpoints.query("erp-x", "sftp", "")).hasMessageContaining("erp-x")
                .hasMessageContaining(P + "erp-x.known-hosts-file").hasMessageNotContaining("secret");
    }

    @Test
    void shouldRefuseAPassphraseWithoutAKeyAndAMissingKeyFileOfAnEnabledInstance() {
        settings.put(P + "erp-x.known-hosts-file", "/k");
        settings.put(P + "erp-x.private-key-passphrase", "pp");
        assertThatThrownBy(() -> endpoints.query("erp-x", "sftp", ""))
                .hasMessageContaining(P + "erp-x.private-key-file").hasMessageNotContaining("pp)");

        settings.remove(P + "erp-x.private-key-passphrase");
        settings.put(P + "erp-x.private-key-file", folder.resolve("missing").toString());
        settings.put(P + "erp-x.enabled", "true");
        assertThatThrownBy(() -> endpoints.query("erp-x", "sftp", "")).hasMessageContaining("does not exist");
    }

    @Test
    void shouldUseFtpsWithTheCertificateAndHostNameVerifiedForAnFtpInstanceByDefault() {
        settings.put(P + "bolt.username", "bolt");
        settings.put(P + "bolt.password", "secret");

        assertThat(endpoints.scheme("bolt", "ftp")).isEqualTo("ftps");
        assertThat(endpoints.query("bolt", "ftp", "passiveMode=true")).isEqualTo("username=RAW(bolt)&password=RAW(secret)"
                + "&implicit=false&sslContextParameters=#connectorTls&ftpClient.endpointCheckingEnabled=true&fastExistsCheck=true"
                + "&passiveMode=true&");

        settings.put(P + "bolt.tls", "implicit");
        assertThat(endpoints.query("bolt", "ftp", "")).contains("implicit=true&");
    }

    @Test
    void shouldRefusePlainFtpWithoutAWaiverNamingTheInstanceAndTheSetting() {
        settings.put(P + "bolt.tls", "none");

        assertThatThrownBy(() -> endpoints.scheme("bolt", "ftp")).hasMessageContaining("Connector instance bolt")
                .hasMessageContaining(P + "bolt.plain-ftp-waiver");
        assertThatThrownBy(() -> endpoints.query("bolt", "ftp", "")).hasMessageContaining(P + "bolt.plain-ftp-waiver");
        assertThat(logged).isEmpty();
    }

    @Test
    void shouldUsePlainFtpWithAWaiverAndWarnOnceNamingTheInstanceAndTheReason() {
        String instance = "bolt-" + UUID.randomUUID();
        settings.put(P + instance + ".tls", "none");
        settings.put(P + instance + ".plain-ftp-waiver", "CHG-42: no TLS\nINFO forged line");
        settings.put(P + instance + ".password", "secret");

        for (int i = 0; i < 3; i++) {
            assertThat(endpoints.scheme(instance, "ftp")).isEqualTo("ftp");
            assertThat(endpoints.query(instance, "ftp", "passiveMode=true")).isEqualTo("password=RAW(secret)&fastExistsCheck=true&passiveMode=true&");
        }
        assertThat(logged).hasSize(1);
        LogRecord warning = logged.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
        String line = formatted(warning);
        assertThat(line).contains("instance=" + instance).contains("waiver=CHG-42: no TLS\\nINFO forged line")
                .doesNotContain("\n").doesNotContain("secret");
    }

    @Test
    void shouldRefusePlainFtpForAnInstanceThatInsistsOnFtps() {
        settings.put(P + "delta.tls", "none");
        settings.put(P + "delta.plain-ftp-waiver", "why not");

        assertThatThrownBy(() -> endpoints.scheme("delta", "ftps")).hasMessageContaining("transport ftps requires TLS");
    }

    @Test
    void shouldRefuseSecuritySettingsInTheFreeFormTransportOptionsNamingTheTypedSetting() {
        settings.put(P + "erp-x.known-hosts-file", "/k");

        assertThatThrownBy(() -> endpoints.query("erp-x", "sftp", "strictHostKeyChecking=no"))
                .hasMessageContaining("strictHostKeyChecking").hasMessageContaining(P + "erp-x.*");
        assertThatThrownBy(() -> endpoints.query("erp-x", "sftp", "binary=true&password=RAW(x)"))
                .hasMessageContaining("'password'");
        assertThatThrownBy(() -> endpoints.query("bolt", "ftp", "sslContextParameters=#trustAll"))
                .hasMessageContaining("sslContextParameters");
        assertThatThrownBy(() -> endpoints.query("bolt", "ftp", "privateKeyFile=/tmp/k"))
                .hasMessageContaining("private-key-file");
    }

    @Test
    void shouldRefuseAnUnknownTlsValueOrTransport() {
        settings.put(P + "bolt.tls", "maybe");
        assertThatThrownBy(() -> endpoints.scheme("bolt", "ftp")).hasMessageContaining(P + "bolt.tls=maybe");
        assertThatThrownBy(() -> endpoints.scheme("bolt", "scp")).hasMessageContaining("transport 'scp'");
    }

    @Test
    void shouldBeFoundByCamelAsThePlaceholderFunctionConnectorReadingTheContextsSettings() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.put(P + "bolt.password", "secret");
            properties.put("instance", "bolt");
            camel.getPropertiesComponent().setInitialProperties(properties);

            assertThat(camel.resolvePropertyPlaceholders(
                    "{{connector:scheme:{{instance}}:ftp}}:h:21/in?{{connector:query:{{instance}}:ftp:passiveMode=true}}delay=1"))
                    .isEqualTo("ftps:h:21/in?password=RAW(secret)&implicit=false&sslContextParameters=#connectorTls"
                            + "&ftpClient.endpointCheckingEnabled=true&fastExistsCheck=true&passiveMode=true&delay=1");
        }
    }

    private static String formatted(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters);
    }
}
