package org.mfgsync.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.FtpsServer;

/**
 * The FTPS client's trust as bean {@code connectorTls} sets it up: a server whose certificate is in the configured trust
 * store is accepted; the same server is refused when the trust store does not vouch for it (the JDK's default store):
 * no trust-all anywhere.
 */
class FtpsTrustTest {

    static final FtpsServer SERVER = new FtpsServer();
    static Map<String, String> config;
    static int port;

    @BeforeAll
    static void startServer() {
        config = SERVER.start();
        String location = config.get("mfgsync.connectors.endpoints.supplier-delta.location");
        port = Integer.parseInt(location.substring(location.indexOf(':') + 1, location.indexOf('/')));
    }

    @AfterAll
    static void stopServer() {
        SERVER.stop();
    }

    @Test
    void shouldLogInWhenTheTrustStoreHoldsTheServerCertificate() throws Exception {
        FTPSClient client = new FTPSClient(false, sslContext(Optional.of(config.get("mfgsync.connectors.trust-store-file"))));
        client.setEndpointCheckingEnabled(true);
        try {
            client.connect("127.0.0.1", port);
            assertThat(client.login(FtpsServer.USER, FtpsServer.PASSWORD)).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void shouldRefuseAServerTheTrustStoreDoesNotVouchFor() throws Exception {
        FTPSClient client = new FTPSClient(false, sslContext(Optional.empty()));
        client.setEndpointCheckingEnabled(true);
        try {
            assertThatThrownBy(() -> client.connect("127.0.0.1", port)).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        } finally {
            client.disconnect();
        }
    }

    static SSLContext sslContext(Optional<String> trustStore) throws Exception {
        ConnectorsConfig connectors = new ConnectorsConfig() {
            @Override
            public String workDir() {
                return "work";
            }

            @Override
            public Optional<String> trustStoreFile() {
                return trustStore;
            }

            @Override
            public Optional<String> trustStorePassword() {
                return trustStore.map(file -> config.get("mfgsync.connectors.trust-store-password"));
            }

            @Override
            public java.time.Duration stableFor() {
                return java.time.Duration.ofSeconds(30);
            }

            @Override
            public Map<String, Endpoint> endpoints() {
                return Map.of();
            }
        };
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            return new ConnectorTls().connectorTls(connectors).createSSLContext(camel);
        }
    }
}
