package org.mfgsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A JSONata mapping is parsed once and the parsed expression shared by every evaluation on every thread
 * ({@link MappingKinds.JsonataKind#compile}). These tests hold jsonata 0.9.9 and our use of it to what that needs:
 * no evaluation sees another's input ({@code $}, {@code $$}) or variables, on one thread or on many at once.
 */
class JsonataConcurrencyTest {

    /** Uses the root ({@code $$}) inside a nested path, block variables and a function, as the real mappings do. */
    private static final String MAPPING = """
            (
              $before := $seen;
              $seen := id;
              $first := records[0];
              {
                "id": id,
                "root": records.($$.id & "/" & $string(n)),
                "sum": $sum(records.n),
                "first": $first.n,
                "leakedVariable": $before
              }
            )
            """;

    private final MappingKinds.JsonataKind kind = new MappingKinds.JsonataKind();

    @Test
    void shouldNotCarryVariablesFromOneEvaluationToTheNextOnTheParsingThread() throws Exception {
        Object compiled = kind.compile(MAPPING);
        for (int i = 0; i < 50; i++) {
            assertThat(MappingKinds.JsonataKind.evaluate(compiled, input(i))).isEqualTo(expected(i));
        }
    }

    @Test
    void shouldMapEveryInputToItsOwnResultWhenOneParsedMappingIsEvaluatedOnManyThreadsAtOnce() throws Exception {
        Object compiled = kind.compile(MAPPING);
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> work = () -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int id = thread * perThread + i;
                        Object got = MappingKinds.JsonataKind.evaluate(compiled, input(id));
                        if (!expected(id).equals(got)) {
                            wrong.add("input " + id + " mapped to " + got);
                        }
                    }
                    return wrong;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> result : results) {
                wrong.addAll(result.get(2, TimeUnit.MINUTES));
            }
            assertThat(wrong).as("evaluations that saw another evaluation's input or variables").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldKeepTheParsedExpressionOfEachMappingApartWhenAThreadEvaluatesSeveral() throws Exception {
        Object one = kind.compile("{\"which\": \"one\", \"id\": id}");
        Object two = kind.compile("{\"which\": \"two\", \"id\": $$.id}");
        for (int i = 0; i < 20; i++) {
            assertThat(MappingKinds.JsonataKind.evaluate(one, Map.of("id", "a" + i)))
                    .isEqualTo(Map.of("which", "one", "id", "a" + i));
            assertThat(MappingKinds.JsonataKind.evaluate(two, Map.of("id", "b" + i)))
                    .isEqualTo(Map.of("which", "two", "id", "b" + i));
        }
    }

    private static Map<String, Object> input(int id) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int n = 1; n <= 1 + id % 4; n++) {
            records.add(Map.of("n", id * 10 + n));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", "ID-" + id);
        input.put("records", records);
        return input;
    }

    private static Map<String, Object> expected(int id) {
        int count = 1 + id % 4;
        List<String> root = new ArrayList<>();
        int sum = 0;
        for (int n = 1; n <= count; n++) {
            root.add("ID-" + id + "/" + (id * 10 + n));
            sum += id * 10 + n;
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "ID-" + id);
        expected.put("root", count == 1 ? root.get(0) : root);
        expected.put("sum", sum);
        expected.put("first", id * 10 + 1);
        return expected;
    }
}
