package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.FixedWidthDropFolder;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dialect's own completeness check, through the running connector: a fixed-width file whose trailer announces
 * more records than it holds is left in place (the partner may still be writing it) and rejected with its reason once
 * it has stayed incomplete for the instance's deadline (4 s here). A file completed in time: {@code CompleteDeliveryTest}.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class FixedWidthInboundTest {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";

    @Test
    void shouldLeaveAFileWhoseTrailerCountDoesNotMatchInPlaceThenRejectItAfterTheDeadline() throws IOException {
        String po = uniquePo();
        String name = "COMMIT_" + po + ".txt";
        // two detail records, the trailer announces three: the file was cut or changed on the way
        String content = header() + detail(po, "00010", "BRK-4711") + detail(po, "00020", "BRK-4712") + "T000003\n";
        Path inbound = FixedWidthDropFolder.inbound();
        DropFiles.drop(inbound, name, content.getBytes(StandardCharsets.UTF_8));

        // not rejected at once: it stays where it is for a while
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(inbound.resolve(name)) && Archives.deliveries(inbound.resolve(".error"), name).isEmpty());

        Path archived = Archives.awaitDelivery(inbound.resolve(".error"), name);
        assertThat(Files.readString(Archives.reason(archived)))
                .contains("instance: test-fixed-width")
                .contains("REJECTED: The trailer announces 3 records but the file holds 2: the file is incomplete or was changed; "
                        + "still so 4s after it was first found incomplete");
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(inbound.resolve(name)).doesNotExist();
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    static String header() {
        return "HMFGSYNC   20261127081542" + "%-10s%-100s".formatted("1000", "commit-batch:erp-legacy-a:1000:20261127T081542Z") + "\n";
    }

    static String detail(String po, String line, String item) {
        return "D" + po + line + "SUP-100   " + "%-18s".formatted(item) + "0000000500.000EA 20261215          \n";
    }

    static String uniquePo() {
        return "45" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }
}
