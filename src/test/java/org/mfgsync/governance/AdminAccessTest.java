package org.mfgsync.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminAccessTest {

    @Test
    void shouldAcceptOnlyABearerCredential() {
        assertThat(AdminAccess.bearer("Bearer s3cret")).isEqualTo("s3cret");
        assertThat(AdminAccess.bearer("bearer  s3cret ")).isEqualTo("s3cret");
        assertThat(AdminAccess.bearer("Basic dXNlcjpwdw==")).isNull();
        assertThat(AdminAccess.bearer("Bearer ")).isNull();
        assertThat(AdminAccess.bearer(null)).isNull();
    }

    @Test
    void shouldCompareTokensExactly() {
        assertThat(AdminAccess.sameSecret("s3cret", "s3cret")).isTrue();
        assertThat(AdminAccess.sameSecret("s3cret", "s3cret2")).isFalse();
        assertThat(AdminAccess.sameSecret("S3CRET", "s3cret")).isFalse();
    }
}
