package org.mfgsync.connectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The TLS settings of the connectors' FTPS (explicit TLS) endpoints, bean {@code connectorTls}: an FTPS instance
 * names it ({@code sslContextParameters=#connectorTls}) so that the server's certificate is verified against
 * {@code mfgsync.connectors.trust-store-file}, or the JDK's default trust store when none is set. Without it the FTPS
 * client would check only the certificate's validity dates, not who issued it.
 */
@ApplicationScoped
public class ConnectorTls {

    @Produces
    @Singleton
    @Named("connectorTls")
    SSLContextParameters connectorTls(ConnectorsConfig config) {
        SSLContextParameters tls = new SSLContextParameters();
        tls.setSecureSocketProtocol("TLSv1.3");
        config.trustStoreFile().ifPresent(file -> {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource("file:" + file);
            store.setType("PKCS12");
            config.trustStorePassword().ifPresent(store::setPassword);
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            tls.setTrustManagers(trust);
        });
        return tls;
    }
}
