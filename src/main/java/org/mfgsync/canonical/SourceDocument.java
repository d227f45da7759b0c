package org.mfgsync.canonical;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The document an event was made from (common.schema.json#/$defs/sourceDocument): the source system's document id,
 * and for EDI the interchange (ISA13 / UNB), group (GS06 / UNG) and transaction set (ST02 / UNH) control numbers.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceDocument(
        String documentType,
        String documentId,
        String revision,
        String interchangeControlNumber,
        String groupControlNumber,
        String transactionControlNumber,
        OffsetDateTime receivedAt) {
}
