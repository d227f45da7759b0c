package org.mfgsync.mapping.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Copies and strict comparison of JSON-shaped values, for the tests that hold compiled mappings to the interpreter. */
public final class JsonataValues {

    private JsonataValues() {
    }

    /** A fresh copy of JSON-shaped data, so that each evaluation has an input no other evaluation touched. */
    public static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }

    /** Same structure, map keys in the same order, leaves equal and of the same class (functions: the same one). */
    public static void assertSame(Object actual, Object expected, String at) {
        if (expected instanceof Map<?, ?> want) {
            if (!(actual instanceof Map<?, ?> got)) {
                fail(at + ": expected an object " + expected + " but got " + actual);
                return;
            }
            assertThat(new ArrayList<>(got.keySet())).as(at + " keys").isEqualTo(new ArrayList<>(want.keySet()));
            for (Object key : want.keySet()) {
                assertSame(got.get(key), want.get(key), at + "." + key);
            }
            return;
        }
        if (expected instanceof List<?> want) {
            if (!(actual instanceof List<?> got)) {
                fail(at + ": expected an array " + expected + " but got " + actual);
                return;
            }
            assertThat(got).as(at + " size").hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertSame(got.get(i), want.get(i), at + "[" + i + "]");
            }
            return;
        }
        if (expected instanceof Object[] || expected instanceof java.util.regex.Pattern) {
            assertThat(actual).as(at).isSameAs(expected);
            return;
        }
        if (!Objects.equals(actual, expected) || (expected != null && actual.getClass() != expected.getClass())) {
            fail(at + ": expected " + describe(expected) + " but got " + describe(actual));
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")"
                + (value instanceof Object[] a ? Arrays.toString(a) : "");
    }
}
