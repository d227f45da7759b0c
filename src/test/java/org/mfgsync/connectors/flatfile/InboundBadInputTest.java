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
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bad input through the running connector (erp-legacy-a's PO export CSV on a real SFTP server), each kind ending in
 * {@code .error/} beside its specific reason file, the input kept byte for byte, and nothing published — except a
 * file whose name is a path, which is left where it is, unread, since moving it would act on the file it names. (Same test
 * resources as {@link ErpLegacyAPurchaseOrdersTest}, so the same application instance serves both.) Wrong encoding and
 * an invalid value are in {@link ErpLegacyAPurchaseOrdersTest}, hostile XML in {@code SupplierCobaltConfirmationsTest},
 * a trailer count in {@code FixedWidthInboundTest}.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class InboundBadInputTest {

    static final String TOPIC = "mfgsync.purchase-order-changed.v1";
    static final String HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";

    Path outbound = SftpServer.root().resolve("outbound");

    @Test
    void shouldLeaveAFileWhoseNameIsAPathUnreadAndNotFollowThePath() throws IOException {
        String po = uniquePo();
        String decoyPo = uniquePo();
        // a name legal on the server that the SFTP consumer would read as outbound/in/../../PO_<po>.csv, i.e. the
        // file PO_<po>.csv at the server's root, outside the polled folder: a decoy waits there
        String name = "in\\..\\..\\PO_" + po + ".csv";
        Files.createDirectories(outbound.resolve("in"));
        byte[] content = (HEADER + po + ";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n").getBytes(StandardCharsets.UTF_8);
        byte[] decoy = (HEADER + decoyPo + ";0;N;3000;SUP-100;10;BRK-4711;1;EA;20261215;1;EUR\n").getBytes(StandardCharsets.UTF_8);
        Path decoyFile = Files.write(SftpServer.root().resolve("PO_" + po + ".csv"), decoy);
        // other tests of the shared application may have had names refused before: this file's report is the one more
        double refusedBefore = refusedFileNames();
        DropFiles.drop(outbound, name, content);

        await().atMost(Duration.ofSeconds(30)).until(() -> refusedFileNames() >= refusedBefore + 1);
        // a later file is taken: the poll went past the refused one
        String sentinel = uniquePo();
        DropFiles.drop(outbound, "PO_" + sentinel + ".csv",
                (HEADER + sentinel + ";0;N;3000;SUP-100;10;BRK-4711;1;EA;20261215;1;EUR\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaProbe.records(TOPIC, r -> sentinel.equals(r.key())).isEmpty());

        assertThat(Files.readAllBytes(outbound.resolve(name))).as("left in place, unchanged").isEqualTo(content);
        assertThat(Files.readAllBytes(decoyFile)).as("the file the name points to, untouched").isEqualTo(decoy);
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()) || decoyPo.equals(r.key()))).isEmpty();
        assertThat(refusedFileNames()).as("reported once, not at every poll").isEqualTo(refusedBefore + 1);
    }

    static double refusedFileNames() {
        String metrics = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().body().asString();
        return metrics.lines().filter(l -> l.startsWith("mfgsync_connector_files_refused_total{") && l.contains("reason=\"file-name\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldRejectAFileWhoseHeaderLacksAColumn() throws IOException {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        String content = HEADER.replace("QUANTITY;", "") + po + ";0;N;3000;SUP-100;10;BRK-4711;EA;20261215;12.50;EUR\n";
        DropFiles.drop(outbound, name, content.getBytes(StandardCharsets.UTF_8));

        assertRejected(name, content, po, "REJECTED: The header record does not match the layout (missing, extra or renamed columns or fields)",
                "line 1: field c08 'UOM': Expected literal value 'QUANTITY'");
    }

    @Test
    void shouldRejectAFileWithARecordLackingAColumn() throws IOException {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        String content = HEADER + po + ";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n"
                + po + ";0;N;3000;SUP-100;20;BRK-4712;500;EA;20261215;12.50\n";
        DropFiles.drop(outbound, name, content.getBytes(StandardCharsets.UTF_8));

        assertRejected(name, content, po, "REJECTED: 1 of 2 records are invalid; policy reject-file publishes nothing of this file",
                "line 3: ");
    }

    @Test
    void shouldRejectAnEmptyFileAndAHeaderOnlyFileOverSftp() throws IOException {
        String po = uniquePo();
        String empty = "PO_" + po + "_empty.csv";
        String headerOnly = "PO_" + po + "_header.csv";
        DropFiles.drop(outbound, empty, new byte[0]);
        DropFiles.drop(outbound, headerOnly, HEADER.getBytes(StandardCharsets.UTF_8));

        assertRejected(empty, "", po, "REJECTED: The file is empty (0 bytes)", "");
        assertRejected(headerOnly, HEADER, po, "REJECTED: The file holds no records, only its header", "");
    }

    private void assertRejected(String name, String content, String po, String reason, String detail) throws IOException {
        Path error = outbound.resolve(".error");
        Path archived = Archives.awaitDelivery(error, name);
        assertThat(Files.readString(Archives.reason(archived))).contains(reason).contains(detail)
                .contains("file: " + name);
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(outbound.resolve(name)).doesNotExist();
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    static String uniquePo() {
        return "49" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    static void awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    }
}
