package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.SchemaViolationException;

class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource({ "400,true", "404,true", "409,true", "422,true", "408,false", "429,false", "500,false", "503,false" })
    void shouldTreatOnlyRefusalsAsPermanent(int status, boolean permanent) {
        var failure = new HttpOperationFailedException("http://erp/x", status, "status", null, null, null);

        assertThat(FailureClassifier.isPermanent(failure)).isEqualTo(permanent);
        assertThat(FailureClassifier.isPermanent(new RuntimeCamelException(failure)))
                .as("seen through the circuit breaker's wrapper").isEqualTo(permanent);
    }

    @Test
    void shouldTreatNetworkFailuresAsTransient() {
        assertThat(FailureClassifier.isPermanent(new SocketTimeoutException("read timed out"))).isFalse();
    }

    @Test
    void shouldClassifyASchemaViolationAsInvalidPayloadForThePlaybooks() {
        var violation = new SchemaViolationException("inspection-completed",
                List.of(new SchemaViolation("$.plant", "required", "required property 'plant' not found")));

        assertThat(FailureClassifier.errorClasses(new RuntimeCamelException(violation))).containsExactly("invalid-payload");
        assertThat(FailureClassifier.isPermanent(violation)).isTrue();
    }
}
