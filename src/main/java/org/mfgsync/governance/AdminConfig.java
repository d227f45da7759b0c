package org.mfgsync.governance;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code mfgsync.admin.*}: the credential of admin operations (replay, discard). */
@ConfigMapping(prefix = "mfgsync.admin")
public interface AdminConfig {

    /**
     * Bearer token admin callers present ({@code Authorization: Bearer <token>}). No default: while it is not set,
     * every admin operation is refused. Set it from a secret ({@code MFGSYNC_ADMIN_TOKEN}).
     */
    Optional<String> token();
}
