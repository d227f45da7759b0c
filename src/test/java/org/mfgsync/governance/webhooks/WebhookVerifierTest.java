package org.mfgsync.governance.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.mfgsync.governance.webhooks.WebhookVerifier.Reason;
import org.mfgsync.governance.webhooks.WebhookVerifier.Sender;

class WebhookVerifierTest {

    static final String SECRET = "golden-secret-0123456789";
    static final String NEXT = "golden-next-secret-9876543210";
    static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final byte[] BODY = "{\"lot\":\"L-1\"}".getBytes(StandardCharsets.UTF_8);
    static final String PATH = "/api/v1/qms/inspection-results";

    final WebhookVerifier verifier = verifier(SECRET, NEXT);

    static WebhookVerifier verifier(String... secrets) {
        return new WebhookVerifier(List.of("/api/v1/qms/", "/api/v1/erp/"), List.of(
                new Sender("qms-cloud", List.of("/api/v1/qms/"), keys(secrets)),
                new Sender("erp-cloud", List.of("/api/v1/erp/erp-cloud/"), keys("erp-cloud-secret-0123456789")),
                new Sender("erp-legacy-b", List.of("/api/v1/erp/erp-legacy-b/"), List.of())),
                Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    }

    static List<SecretKeySpec> keys(String... secrets) {
        return List.of(secrets).stream().map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    }

    static String ts(long seconds) {
        return Long.toString(seconds);
    }

    @Test
    void shouldSignTheGoldenVectorAsOpensslDoes() {
        // printf '%s' '1767225600.{"lot":"L-1"}' | openssl dgst -sha256 -hmac 'golden-secret-0123456789' -hex
        assertThat(WebhookVerifier.sign(SECRET, "1767225600", BODY))
                .isEqualTo("v1=ba8b7c63390fbb3190d385177c80db34f3e60fb94d385d7c6e20418722551a70");
        // an empty body signs the timestamp and the dot
        assertThat(WebhookVerifier.sign(SECRET, "1767225600", new byte[0]))
                .isEqualTo("v1=91f7317d1673945afe153cb7c78d0cd80ae15f18234811f73c60972e4b197566");
    }

    @Test
    void shouldVerifyTheGoldenVectorAndNameTheSenderAndDelivery() {
        WebhookVerifier.Verdict verdict = verifier.verify(PATH, "1767225600",
                "v1=ba8b7c63390fbb3190d385177c80db34f3e60fb94d385d7c6e20418722551a70", "d-1", BODY);
        assertThat(verdict.verified()).isTrue();
        assertThat(verdict.sender()).isEqualTo("qms-cloud");
        assertThat(verdict.deliveryId()).isEqualTo("d-1");
    }

    @Test
    void shouldVerifyWithEitherActiveSecretWhileRotating() {
        assertThat(verifier.verify(PATH, ts(NOW), WebhookVerifier.sign(SECRET, ts(NOW), BODY), "d-1", BODY).verified()).isTrue();
        assertThat(verifier.verify(PATH, ts(NOW), WebhookVerifier.sign(NEXT, ts(NOW), BODY), "d-1", BODY).verified()).isTrue();
        // a sender that sends both of its signatures at once
        String both = WebhookVerifier.sign("an-old-retired-secret-000", ts(NOW), BODY) + ","
                + WebhookVerifier.sign(NEXT, ts(NOW), BODY);
        assertThat(verifier.verify(PATH, ts(NOW), both, "d-1", BODY).verified()).isTrue();
        // once the old secret is gone, only the new one verifies
        WebhookVerifier rotated = verifier(NEXT);
        assertThat(rotated.verify(PATH, ts(NOW), WebhookVerifier.sign(SECRET, ts(NOW), BODY), "d-1", BODY).refusal())
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldAcceptUppercaseHex() {
        String signature = "v1=" + WebhookVerifier.sign(SECRET, ts(NOW), BODY).substring(3).toUpperCase();
        assertThat(verifier.verify(PATH, ts(NOW), signature, "d-1", BODY).verified()).isTrue();
    }

    @Test
    void shouldRefuseASignatureOfOtherBytesOrAnotherTimestamp() {
        String signature = WebhookVerifier.sign(SECRET, ts(NOW), BODY);
        byte[] reencoded = "{ \"lot\": \"L-1\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(PATH, ts(NOW), signature, "d-1", reencoded).refusal()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(verifier.verify(PATH, ts(NOW + 1), signature, "d-1", BODY).refusal()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(verifier.verify(PATH, ts(NOW), WebhookVerifier.sign("another-secret-0123456789", ts(NOW), BODY), "d-1", BODY)
                .refusal()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseAGenuineSignatureOutsideTheWindowEitherWay() {
        long stale = NOW - 301;
        long early = NOW + 301;
        assertThat(verifier.verify(PATH, ts(stale), WebhookVerifier.sign(SECRET, ts(stale), BODY), "d-1", BODY).refusal())
                .isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(verifier.verify(PATH, ts(early), WebhookVerifier.sign(SECRET, ts(early), BODY), "d-1", BODY).refusal())
                .isEqualTo(Reason.STALE_TIMESTAMP);
        long edge = NOW - 300;
        assertThat(verifier.verify(PATH, ts(edge), WebhookVerifier.sign(SECRET, ts(edge), BODY), "d-1", BODY).verified()).isTrue();
    }

    @Test
    void shouldRefuseMissingOrMalformedHeaders() {
        String signature = WebhookVerifier.sign(SECRET, ts(NOW), BODY);
        assertThat(verifier.verify(PATH, null, signature, "d-1", BODY).refusal()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), null, "d-1", BODY).refusal()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), signature, null, BODY).refusal()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(verifier.verify(PATH, "2026-01-01T00:00:00Z", signature, "d-1", BODY).refusal()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), signature, "d 1\n", BODY).refusal()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), signature.substring(3), "d-1", BODY).refusal()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), "sha256=" + signature.substring(3), "d-1", BODY).refusal())
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(verifier.verify(PATH, ts(NOW), "v1=" + "zz".repeat(32), "d-1", BODY).refusal()).isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void shouldTakeTheSenderFromThePathOnly() {
        String qmsSigned = WebhookVerifier.sign(SECRET, ts(NOW), BODY);
        String erpPath = "/api/v1/erp/erp-cloud/purchase-order-events";
        assertThat(verifier.verify(erpPath, ts(NOW), qmsSigned, "d-1", BODY).refusal()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(verifier.verify("/api/v1/erp/erp-unknown/purchase-order-events", ts(NOW), qmsSigned, "d-1", BODY))
                .isEqualTo(new WebhookVerifier.Verdict(null, null, Reason.UNKNOWN_SENDER));
        assertThat(verifier.verify("/api/v1/erp/erp-legacy-b/purchase-order-events", ts(NOW), qmsSigned, "d-1", BODY).refusal())
                .isEqualTo(Reason.NO_SECRET);
        assertThat(verifier.verify("/api/v1/qms", ts(NOW), qmsSigned, "d-1", BODY).verified()).isTrue();
    }

    @Test
    void shouldProtectEveryPathUnderItsPrefixesAndNoOther() {
        assertThat(verifier.protects("/api/v1/qms/anything-a-route-adds")).isTrue();
        assertThat(verifier.protects("/api/v1/qms")).isTrue();
        assertThat(verifier.protects("/api/v1/erp/erp-new/events")).isTrue();
        assertThat(verifier.protects("/api/v1/qmsx/events")).isFalse();
        assertThat(verifier.protects("/api/v1/traces")).isFalse();
    }

    @Test
    void shouldRefuseAtStartASenderPathOutsideTheProtectedPathsOrSharedByTwoSenders() {
        assertThatThrownBy(() -> new WebhookVerifier(List.of("/api/v1/qms/"), List.of(
                new Sender("erp-cloud", List.of("/api/v1/erp/erp-cloud/"), keys(SECRET))), Duration.ofMinutes(5), Clock.systemUTC()))
                .hasMessageContaining("mfgsync.webhooks.senders.erp-cloud.paths").hasMessageContaining("not under a protected path");
        assertThatThrownBy(() -> new WebhookVerifier(List.of("/api/v1/qms/"), List.of(
                new Sender("a", List.of("/api/v1/qms/"), keys(SECRET)), new Sender("b", List.of("/api/v1/qms"), keys(SECRET))),
                Duration.ofMinutes(5), Clock.systemUTC())).hasMessageContaining("another sender's path");
    }

    @Test
    void shouldListSendersWithoutASecret() {
        assertThat(verifier.sendersWithoutSecret()).containsExactly("erp-legacy-b");
    }

    @Test
    void shouldRefuseAtStartMoreThanTwoSecretsAndTreatAShortOneAsNone() {
        assertThatThrownBy(() -> WebhookVerifier.of(config(List.of(SECRET, NEXT, "a-third-secret-0123456789")), Clock.systemUTC()))
                .hasMessageContaining("mfgsync.webhooks.senders.qms-cloud.secrets").hasMessageContaining("at most 2");
        assertThat(WebhookVerifier.of(config(List.of("short")), Clock.systemUTC()).sendersWithoutSecret()).containsExactly("qms-cloud");
        WebhookVerifier configured = WebhookVerifier.of(config(List.of(" " + SECRET + " ")), Clock.systemUTC());
        assertThat(configured.sendersWithoutSecret()).isEmpty();
        long now = System.currentTimeMillis() / 1000;
        assertThat(configured.verify(PATH, ts(now), WebhookVerifier.sign(SECRET, ts(now), BODY), "d-1", BODY).verified()).isTrue();
    }

    static WebhookConfig config(List<String> secrets) {
        WebhookConfig.Sender qms = new WebhookConfig.Sender() {
            @Override
            public List<String> paths() {
                return List.of("/api/v1/qms/");
            }

            @Override
            public java.util.Optional<List<String>> secrets() {
                return java.util.Optional.of(secrets);
            }

            @Override
            public java.util.Optional<Double> rateLimit() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<Integer> burst() {
                return java.util.Optional.empty();
            }
        };
        return new WebhookConfig() {
            @Override
            public List<String> paths() {
                return List.of("/api/v1/qms/");
            }

            @Override
            public Duration tolerance() {
                return Duration.ofMinutes(5);
            }

            @Override
            public double rateLimit() {
                return 1000;
            }

            @Override
            public int burst() {
                return 2000;
            }

            @Override
            public java.util.Map<String, Sender> senders() {
                return java.util.Map.of("qms-cloud", qms);
            }
        };
    }
}
