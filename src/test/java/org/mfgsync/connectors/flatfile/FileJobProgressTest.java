package org.mfgsync.connectors.flatfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * File job progress ({@code GET /api/v1/file-jobs}, the dashboard's "File jobs"): a supplier-acme file with one good
 * and one bad commit is listed with its rows read, groups published and rows rejected; an empty file as rejected with
 * its reason.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class FileJobProgressTest {

    @Test
    void shouldShowRowsReadPublishedAndRejectedOfEachInboundFile() {
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String po = "45" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
        String name = "commits-progress-" + po + ".csv";
        DropFiles.drop(inbound, name, (SupplierCommitsTest.HEADER
                + po + ",10,SUP-ACME,BRK-4711,500,EA,2026-12-15,600,2026-12-01,CAPACITY,3000,CHANGE,2026-11-27T08:15:00+01:00\n"
                + po + ",20,SUP-ACME,BRK-4712,lots,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00+01:00\n")
                .getBytes(StandardCharsets.UTF_8));
        String empty = "commits-progress-empty-" + po + ".csv";
        DropFiles.drop(inbound, empty, new byte[0]);
        Archives.awaitDelivery(inbound.resolve(".done"), name);

        String file = "files.find { it.file == '" + name + "' }.";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/api/v1/file-jobs").then().statusCode(200)
                .body(file + "instance", equalTo("supplier-acme"), file + "state", equalTo("DONE"),
                        file + "rowsRead", equalTo(2), file + "published", equalTo(1), file + "rejected", equalTo(1)));
        String rejected = "files.find { it.file == '" + empty + "' }.";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/api/v1/file-jobs").then()
                .body(rejected + "state", equalTo("REJECTED"), rejected + "reason", equalTo("The file is empty (0 bytes)")));
        given().get("/api/v1/file-jobs").then().statusCode(401);
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
