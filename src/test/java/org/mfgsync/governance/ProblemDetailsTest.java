package org.mfgsync.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolationException;
import org.mfgsync.governance.ProblemDetails.Violation;
import org.mfgsync.testing.Schemas;

class ProblemDetailsTest {

    final ProblemDetails problems = new ProblemDetails();

    @Test
    void shouldNameEveryViolationWithItsPathAndRule() {
        String invalid = """
                {"inspectionLot":"IL 1","plant":"3000","item":"X","lot":"L","result":"REJECTED","lotQuantity":0,
                 "unitOfMeasure":"EA","inspectedAt":"2026-11-27T08:15:00+01:00","defectCodes":["", "D-1"],"colour":"red"}""";
        var errors = Schemas.violations("qms-inspection-result", invalid);

        var problem = problems.problemFor(
                new SchemaViolationException("qms-inspection-result", SchemaValidation.violationsOf(errors)), "corr-1");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.correlationId()).isEqualTo("corr-1");
        assertThat(problem.violations()).extracting(Violation::path, Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("$.colour", "additionalProperties"),
                org.assertj.core.groups.Tuple.tuple("$.defectCodes[0]", "minLength"),
                org.assertj.core.groups.Tuple.tuple("$.inspectionLot", "pattern"),
                org.assertj.core.groups.Tuple.tuple("$.lotQuantity", "exclusiveMinimum"));
        assertThat(problem.detail()).startsWith("4 violation(s); first: $.colour: ");
    }

    @Test
    void shouldAnswerTheValidationServicesViolationsInTheSameShape() {
        var violations = java.util.List.of(
                new org.mfgsync.canonical.SchemaViolation("$.payload.lines[2].quantity", "exclusiveMinimum", "must be > 0"),
                new org.mfgsync.canonical.SchemaViolation("$.plant", "required", "required property 'plant' not found"));

        var problem = problems.problemFor(new org.mfgsync.canonical.SchemaViolationException("x", violations), "corr-4");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo("https://mfgsync.org/problems/schema-violation");
        assertThat(problem.violations()).extracting(Violation::path, Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("$.payload.lines[2].quantity", "exclusiveMinimum"),
                org.assertj.core.groups.Tuple.tuple("$.plant", "required"));
        assertThat(problem.detail()).isEqualTo("2 violation(s); first: $.payload.lines[2].quantity: must be > 0");
    }

    @Test
    void shouldAnswerAnUnknownSchemaWith404() {
        var problem = problems.problemFor(new org.mfgsync.canonical.UnknownSchemaException("invoice-received", "1"), null);

        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.type()).isEqualTo("https://mfgsync.org/problems/unknown-schema");
    }

    @Test
    void shouldPointAtTheLineAndColumnOfMalformedJson() {
        JsonParseException parseError = null;
        try {
            new ObjectMapper().readTree("{\n  \"a\": tru }");
        } catch (JsonParseException e) {
            parseError = e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        var problem = problems.problemFor(parseError, null);

        assertThat(problem.type()).isEqualTo("https://mfgsync.org/problems/malformed-json");
        assertThat(problem.detail()).contains("line 2");
    }

    @Test
    void shouldNotLeakInternalsOfAnUnexpectedFailure() {
        var problem = problems.problemFor(new IllegalStateException("jdbc:h2:secret-path"), "corr-2");

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).doesNotContain("jdbc");
    }

    @Test
    void shouldAskTheCallerToRetryWhenTheBackboneIsDown() {
        var timeout = new org.apache.kafka.common.errors.TimeoutException("Topic not present in metadata after 5000 ms.");

        var problem = problems.problemFor(new org.apache.camel.RuntimeCamelException(timeout), "corr-3");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).isEqualTo("https://mfgsync.org/problems/temporarily-unavailable");
    }
}
