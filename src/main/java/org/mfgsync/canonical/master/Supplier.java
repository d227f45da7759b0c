package org.mfgsync.canonical.master;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.mfgsync.canonical.Address;

/** Master data: a supplier as the buyer's ERP knows it (schemas/json/v1/supplier.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Supplier(
        String supplier,
        String name,
        Status status,
        String taxId,
        String dunsNumber,
        Address address,
        String currency,
        Channel channel,
        List<Contact> contacts,
        List<String> plants) {

    public enum Status {
        ACTIVE, BLOCKED, INACTIVE
    }

    public enum Channel {
        EDI_X12, EDI_EDIFACT, CXML, PORTAL, SFTP_FILE, EMAIL
    }

    public enum Role {
        PURCHASING, QUALITY, LOGISTICS, SALES
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(Role role, String name, String email, String phone) {
    }
}
