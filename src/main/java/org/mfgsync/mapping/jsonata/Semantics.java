package org.mfgsync.mapping.jsonata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.Utils.JList;

/**
 * JSONata's evaluation rules as dashjoin's interpreter (0.9.9, {@code Jsonata.java}) applies them, ported statement
 * by statement for the node kinds the compiler handles, on the interpreter's own value representation (its
 * {@link JList} sequences and their flags, {@link Jsonata#NULL_VALUE}, its {@link Functions}). Where the interpreter
 * would raise an error, these throw {@link Fallback} instead: the whole evaluation is then repeated by the interpreter,
 * which raises its own error with its own message and position.
 */
final class Semantics {

    private Semantics() {
    }

    /** The compiled evaluation cannot go on exactly as the interpreter would: let the interpreter evaluate. */
    static final class Fallback extends RuntimeException {
        Fallback(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * What {@code _evaluate} does with every node's result: a sequence of one becomes its item (unless it must stay
     * an array), an empty sequence becomes undefined.
     */
    static Object mangle(Object result, boolean keepArray) {
        if (result instanceof JList<?> list && list.sequence && !list.tupleStream) {
            if (keepArray) {
                list.keepSingleton = true;
            }
            if (list.isEmpty()) {
                return null;
            }
            if (list.size() == 1) {
                return list.keepSingleton ? list : list.get(0);
            }
        }
        return result;
    }

    /** {@code evaluateFilter}: a predicate {@code [...]} applied to a value; a number literal selects by index. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Object filter(Expr predicate, Integer literalIndex, Object input, Frame frame) {
        List results = Utils.createSequence();
        if (input instanceof JList<?> list && list.tupleStream) {
            throw new Fallback("tuple stream");
        }
        List items = input instanceof List<?> l ? l : Utils.createSequence(input);
        if (literalIndex != null) {
            int index = literalIndex;
            if (index < 0) {
                index = items.size() + index;
            }
            Object item = index < items.size() ? items.get(index) : null;
            if (item != null) {
                if (item instanceof List<?> itemList) {
                    results = itemList;
                } else {
                    results.add(item);
                }
            }
            return results;
        }
        for (int index = 0; index < items.size(); index++) {
            Object item = items.get(index);
            Object res = predicate.eval(item, frame);
            if (Utils.isNumeric(res)) {
                res = Utils.createSequence(res);
            }
            if (Utils.isArrayOfNumbers(res)) {
                for (Object ires : (List<?>) res) {
                    int ii = ((Number) ires).intValue();
                    if (ii < 0) {
                        ii = items.size() + ii;
                    }
                    if (ii == index) {
                        results.add(item);
                    }
                }
            } else if (Jsonata.boolize(res)) {
                results.add(item);
            }
        }
        return results;
    }

    /** {@code evaluateStep}: one step of a path over each item of the input sequence, flattening the results. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static List step(Expr step, Filter[] stages, List input, Frame frame, boolean lastStep) {
        List result = Utils.createSequence();
        for (int ii = 0; ii < input.size(); ii++) {
            Object res = step.eval(input.get(ii), frame);
            for (Filter stage : stages) {
                res = stage.apply(res, frame);
            }
            if (res != null) {
                result.add(res);
            }
        }
        if (lastStep && result.size() == 1 && result.get(0) instanceof List<?> only && !Utils.isSequence(only)) {
            return only;
        }
        List resultSequence = Utils.createSequence();
        for (Object res : result) {
            if (!(res instanceof List) || (res instanceof JList<?> jl && jl.cons)) {
                resultSequence.add(res);
            } else {
                resultSequence.addAll((List) res);
            }
        }
        return resultSequence;
    }

    /** One {@code [...]} of a step or a node: the predicate and, for a number literal, its index. */
    record Filter(Expr predicate, Integer literalIndex) {
        Object apply(Object input, Frame frame) {
            return filter(predicate, literalIndex, input, frame);
        }
    }

    /**
     * {@code evaluateGroupExpression} for an object constructor or a group-by: the items of the input grouped by
     * each pair's key, then each pair's value evaluated with its group as the context.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Map<Object, Object> group(Expr[] keys, Expr[] values, Object input, Frame frame) {
        if (input instanceof JList<?> list && list.tupleStream) {
            throw new Fallback("tuple stream");
        }
        List items;
        if (!(input instanceof List)) {
            items = Utils.createSequence(input);
        } else {
            items = (List) input;
        }
        if (items.isEmpty()) {
            // the interpreter adds an undefined item to the list it was given; a list that belongs to the input
            // document must not be changed by an evaluation that may still be repeated by the interpreter
            if (!(items instanceof JList)) {
                throw new Fallback("object constructor over an empty array of the input");
            }
            items.add(null);
        }
        Map<Object, GroupEntry> groups = new LinkedHashMap<>();
        for (int itemIndex = 0; itemIndex < items.size(); itemIndex++) {
            Object item = items.get(itemIndex);
            for (int pairIndex = 0; pairIndex < keys.length; pairIndex++) {
                Object key = keys[pairIndex].eval(item, frame);
                if (key != null && !(key instanceof String)) {
                    throw new Fallback("T1003 key is not a string");
                }
                if (key != null) {
                    GroupEntry known = groups.get(key);
                    if (known != null) {
                        if (known.exprIndex != pairIndex) {
                            throw new Fallback("D1009 multiple key definitions");
                        }
                        known.data = Functions.append(known.data, item);
                    } else {
                        groups.put(key, new GroupEntry(item, pairIndex));
                    }
                }
            }
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<Object, GroupEntry> e : groups.entrySet()) {
            GroupEntry entry = e.getValue();
            Object res = values[entry.exprIndex].eval(entry.data, frame);
            if (res != null) {
                result.put(e.getKey(), res);
            }
        }
        return result;
    }

    private static final class GroupEntry {
        Object data;
        final int exprIndex;

        GroupEntry(Object data, int exprIndex) {
            this.data = data;
            this.exprIndex = exprIndex;
        }
    }

    /** {@code evaluateNumericExpression}: + - * / % on numbers; undefined if either side is. */
    static Object numeric(Object lhs, Object rhs, char op) {
        if (lhs != null && !Utils.isNumeric(lhs)) {
            throw new Fallback("T2001 left side not a number");
        }
        if (rhs != null && !Utils.isNumeric(rhs)) {
            throw new Fallback("T2002 right side not a number");
        }
        if (lhs == null || rhs == null) {
            return null;
        }
        double l = ((Number) lhs).doubleValue();
        double r = ((Number) rhs).doubleValue();
        double result = switch (op) {
            case '+' -> l + r;
            case '-' -> l - r;
            case '*' -> l * r;
            case '/' -> l / r;
            case '%' -> l % r;
            default -> throw new IllegalStateException("operator " + op);
        };
        return Utils.convertNumber(result);
    }

    /** {@code evaluateEqualityExpression}: false if either side is undefined; numbers compared as doubles. */
    static boolean equal(Object lhs, Object rhs) {
        if (lhs == null || rhs == null) {
            return false;
        }
        if (lhs instanceof Number n) {
            lhs = n.doubleValue();
        }
        if (rhs instanceof Number n) {
            rhs = n.doubleValue();
        }
        return lhs.equals(rhs);
    }

    /** {@code evaluateComparisonExpression}: strings with strings, numbers with numbers; undefined if either is. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Object compare(Object lhs, Object rhs, String op) {
        boolean lcomparable = lhs == null || lhs instanceof String || lhs instanceof Number;
        boolean rcomparable = rhs == null || rhs instanceof String || rhs instanceof Number;
        if (!lcomparable || !rcomparable) {
            throw new Fallback("T2010 not comparable");
        }
        if (lhs == null || rhs == null) {
            return null;
        }
        if (!lhs.getClass().equals(rhs.getClass())) {
            if (lhs instanceof Number l && rhs instanceof Number r) {
                lhs = l.doubleValue();
                rhs = r.doubleValue();
            } else {
                throw new Fallback("T2009 different types");
            }
        }
        int c = ((Comparable) lhs).compareTo(rhs);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException("operator " + op);
        };
    }

    /** {@code evaluateIncludesExpression}: {@code in}. */
    static boolean includes(Object lhs, Object rhs) {
        if (lhs == null || rhs == null) {
            return false;
        }
        List<?> candidates;
        if (rhs instanceof List<?> l) {
            candidates = l;
        } else {
            List<Object> single = new ArrayList<>();
            single.add(rhs);
            candidates = single;
        }
        for (Object candidate : candidates) {
            if (equal(lhs, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** {@code evaluateStringConcat}: {@code &}, undefined sides as "". */
    static String concat(Object lhs, Object rhs) {
        String l = lhs == null ? "" : Functions.string(lhs, null);
        String r = rhs == null ? "" : Functions.string(rhs, null);
        return l + r;
    }
}
