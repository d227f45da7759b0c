package org.mfgsync.mapping.jsonata;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;

/**
 * The syntax tree dashjoin's parser made of a JSONata source, read once at compile time into plain nodes. Its fields
 * are package-private in the library, so they are read by name through reflection; a library whose tree no longer has
 * them makes {@link #of} fail, and the mapping is then left to the interpreter. Reading the interpreter's own tree
 * (rather than parsing again) guarantees that the compiled expression has exactly the structure the interpreter
 * evaluates.
 */
final class JsonataTree {

    /** One node of the processed tree; every field the evaluator reads, and those that mark what is not compiled. */
    static final class Node {
        String type;
        Object value;
        int position;
        boolean keepArray;
        boolean keepSingletonArray;
        boolean consarray;
        boolean thunk;
        List<Node> steps;
        List<Node> stages;
        List<Node> predicate;
        Node group;
        List<Node[]> lhsObject;
        List<Node> expressions;
        Node expression;
        Node lhs;
        Node rhs;
        Node condition;
        Node then;
        Node elseBranch;
        Node procedure;
        List<Node> arguments;
        Node body;
        Node filterExpression;
        Object signature;
        /** Features outside the compiled subset that this node uses (tuple streams, parent, sort, transform...). */
        final List<String> unsupported = new ArrayList<>();
    }

    /** The tree cannot be read (a dashjoin version with other field names, or a native image without them). */
    static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Class<?> SYMBOL = Parser.Symbol.class;

    private JsonataTree() {
    }

    static Node of(Jsonata expression) throws Unreadable {
        try {
            Field ast = Jsonata.class.getDeclaredField("ast");
            ast.setAccessible(true);
            return new Reader().read(ast.get(expression));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unreadable("the JSONata syntax tree cannot be read: " + e, e);
        }
    }

    private static final class Reader {
        private final Map<Object, Node> read = new IdentityHashMap<>();

        Node read(Object symbol) throws ReflectiveOperationException {
            if (symbol == null) {
                return null;
            }
            Node known = read.get(symbol);
            if (known != null) {
                return known;
            }
            Node node = new Node();
            read.put(symbol, node);
            node.type = (String) get(symbol, "type");
            node.value = get(symbol, "value");
            node.position = (int) get(symbol, "position");
            node.keepArray = (boolean) get(symbol, "keepArray");
            node.keepSingletonArray = (boolean) get(symbol, "keepSingletonArray");
            node.consarray = (boolean) get(symbol, "consarray");
            node.thunk = (boolean) get(symbol, "thunk");
            node.steps = list(get(symbol, "steps"));
            node.stages = list(get(symbol, "stages"));
            node.predicate = list(get(symbol, "predicate"));
            node.group = read(get(symbol, "group"));
            node.expressions = list(get(symbol, "expressions"));
            node.expression = read(get(symbol, "expression"));
            node.lhs = read(get(symbol, "lhs"));
            node.rhs = read(get(symbol, "rhs"));
            node.condition = read(get(symbol, "condition"));
            node.then = read(get(symbol, "then"));
            node.elseBranch = read(get(symbol, "_else"));
            node.procedure = read(get(symbol, "procedure"));
            node.arguments = list(get(symbol, "arguments"));
            node.body = read(get(symbol, "body"));
            node.signature = get(symbol, "signature");
            Object expr = get(symbol, "expr");
            if (expr != null && SYMBOL.isInstance(expr)) {
                node.filterExpression = read(expr);
            } else if (expr != null) {
                node.unsupported.add("expr " + expr);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> pairs = (List<Object[]>) get(symbol, "lhsObject");
            if (pairs != null) {
                node.lhsObject = new ArrayList<>();
                for (Object[] pair : pairs) {
                    node.lhsObject.add(new Node[] { read(pair[0]), read(pair[1]) });
                }
            }
            // what the compiled subset leaves to the interpreter: tuple streams (@, #), parent (%), order-by (^),
            // transform (|...|), and anything the parser could only recover from
            for (String field : List.of("tuple", "focus", "index", "ancestor", "seekingParent", "slot", "terms",
                    "rhsTerms", "pattern", "update", "delete", "errors", "error", "rhsObject")) {
                Object value = get(symbol, field);
                if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
                    node.unsupported.add(field);
                }
            }
            return node;
        }

        private List<Node> list(Object value) throws ReflectiveOperationException {
            if (value == null) {
                return null;
            }
            List<Node> nodes = new ArrayList<>();
            for (Object symbol : (List<?>) value) {
                nodes.add(read(symbol));
            }
            return nodes;
        }

        private static Object get(Object symbol, String name) throws ReflectiveOperationException {
            Field field = SYMBOL.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(symbol);
        }
    }
}
