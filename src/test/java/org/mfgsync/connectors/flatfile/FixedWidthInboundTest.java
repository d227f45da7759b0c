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
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.FixedWidthDropFolder;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A fixed-width file whose trailer count does not match its detail records, through the running connector. */
@QuarkusTest
@WithTestResource(TestStack.class)
class FixedWidthInboundTest {

    @Test
    void shouldRejectAFileWhoseTrailerCountDoesNotMatchAndPublishNothing() throws IOException {
        String po = "45" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        String name = "COMMIT_" + po + ".txt";
        // two detail records, the trailer announces three: the file was cut or changed on the way
        String content = "HMFGSYNC   20261127081542" + "%-10s%-100s".formatted("1000", "commit-batch:erp-legacy-a:1000:20261127T081542Z") + "\n"
                + "D" + po + "00010SUP-100   BRK-4711          0000000500.000EA 20261215          \n"
                + "D" + po + "00020SUP-100   BRK-4712          0000000800.000KG 20270120CAPACITY  \n"
                + "T000003\n";
        Path inbound = FixedWidthDropFolder.inbound();
        DropFiles.drop(inbound, name, content.getBytes(StandardCharsets.UTF_8));

        Path error = inbound.resolve(".error");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error.resolve(name)));
        assertThat(Files.readString(error.resolve(name + ".reason.txt")))
                .contains("instance: test-fixed-width")
                .contains("REJECTED: The trailer announces 3 records but the file holds 2: the file is incomplete or was changed");
        assertThat(Files.readString(error.resolve(name))).isEqualTo(content);
        assertThat(inbound.resolve(name)).doesNotExist();
        assertThat(KafkaProbe.records("mfgsync.supplier-commit-changed.v1", r -> po.equals(r.key()))).isEmpty();
    }
}
