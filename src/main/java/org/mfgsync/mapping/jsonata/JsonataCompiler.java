package org.mfgsync.mapping.jsonata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;

import org.mfgsync.mapping.jsonata.JsonataTree.Node;
import org.mfgsync.mapping.jsonata.Semantics.Filter;

/**
 * Turns a parsed JSONata expression into a tree of {@link Expr}, or says why it stays with the interpreter. The
 * subset: literals and regexes, paths of names, variables, blocks, constructors and calls (with predicates, index
 * filters, {@code []} and group-by), object and array constructors, blocks with {@code :=} bindings, conditions,
 * every binary operator but {@code ..}, unary minus, user functions bound to a variable and only called, and the
 * library's built-in functions that neither take functions nor read the clock. Outside it: tuple streams ({@code @},
 * {@code #}), parent ({@code %}), wildcards, order-by, transforms, partial application, {@code ~>}, ranges, function
 * signatures, higher-order functions, {@code $now()}, {@code $eval()}.
 * <p>
 * Names are interned, so that a lookup in a map whose keys are interned too (the flat-file records) finds the key
 * by identity.
 * <p>
 * Variables are resolved here: each block and function call that binds names gets a frame with one slot per name,
 * and a reference knows, innermost first, which frames may hold it — the interpreter's lookup by name through the
 * chain of frames, without the names.
 */
final class JsonataCompiler {

    /** The expression is outside the compiled subset; the message says where. */
    static final class NotCompiled extends Exception {
        NotCompiled(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Built-ins a compiled expression may call: those that take no function and neither call back into the
     * interpreter nor read its clock ({@code $map}, {@code $filter}, {@code $reduce}, {@code $sort}, {@code $each},
     * {@code $sift}, {@code $single}, {@code $eval}, {@code $now}, {@code $millis} do), nor are random.
     */
    static final Set<String> BUILTINS = Set.of("sum", "count", "max", "min", "average", "string", "substring",
            "substringBefore", "substringAfter", "lowercase", "uppercase", "length", "trim", "pad", "match", "contains",
            "replace", "split", "join", "formatNumber", "formatBase", "formatInteger", "parseInteger", "number", "floor",
            "ceil", "round", "abs", "sqrt", "power", "boolean", "not", "keys", "lookup", "append", "exists", "spread",
            "merge", "reverse", "error", "assert", "type", "distinct", "base64encode", "base64decode",
            "encodeUrlComponent", "encodeUrl", "decodeUrlComponent", "decodeUrl", "toMillis", "fromMillis");

    /** A scope of variables: the root, a block, or a function's call. */
    private static final class Scope {
        final Scope parent;
        final Map<String, Integer> slots = new LinkedHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        int declare(String name) {
            return slots.computeIfAbsent(name, n -> slots.size());
        }

        /** Scopes that bind nothing make no frame: lookups go straight to the enclosing one, as through an empty frame. */
        boolean materialized() {
            return !slots.isEmpty();
        }
    }

    private final Function<String, JFunction> builtins;
    private final Map<Node, Scope> scopes = new IdentityHashMap<>();
    /** Names bound to a function somewhere in the expression: only ever called, so that no function value escapes. */
    private final Set<String> functionNames = new HashSet<>();
    private final Map<String, Optional<JFunction>> resolved = new HashMap<>();
    /** The built-ins a compiled call may run, by identity; any other library function is left to the interpreter. */
    private final Set<Object> callable = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The root scope, slot 0 holding {@code $$} (the input as given), as the interpreter binds {@code $}. */
    static final String ROOT_INPUT = "$";

    private JsonataCompiler(Function<String, JFunction> builtins) {
        this.builtins = builtins;
        for (String name : BUILTINS) {
            JFunction function = library(name);
            if (function != null) {
                callable.add(function);
            }
        }
    }

    /** The compiled root and the size of its frame. */
    record Compiled(Expr root, int rootFrameSize) {
    }

    /** @param builtins the library's function of a name (e.g. {@code string}), null if it has none */
    static Compiled compile(Jsonata expression, Function<String, JFunction> builtins) throws NotCompiled {
        if (expression.getErrors() != null && !expression.getErrors().isEmpty()) {
            throw new NotCompiled("the expression has syntax errors");
        }
        if (!expression.isValidateInput()) {
            throw new NotCompiled("input validation is switched off");
        }
        Node root;
        try {
            root = JsonataTree.of(expression);
        } catch (JsonataTree.Unreadable e) {
            throw new NotCompiled(e.getMessage());
        }
        JsonataCompiler compiler = new JsonataCompiler(builtins);
        Scope rootScope = new Scope(null);
        rootScope.declare(ROOT_INPUT);
        compiler.analyse(root, rootScope);
        Expr compiled = compiler.compile(root, rootScope);
        return new Compiled(compiled, rootScope.slots.size());
    }

    // ---- first pass: scopes, bindings, and where function values may go

    private void analyse(Node n, Scope scope) throws NotCompiled {
        analyse(n, scope, false);
    }

    /** @param statement true for a block's expression whose value is not the block's (all but the last) */
    private void analyse(Node n, Scope scope, boolean statement) throws NotCompiled {
        if (n == null) {
            return;
        }
        if (!n.unsupported.isEmpty()) {
            throw new NotCompiled("uses " + n.unsupported + at(n));
        }
        switch (String.valueOf(n.type)) {
            case "block" -> {
                Scope block = new Scope(scope);
                scopes.put(n, block);
                for (int i = 0; i < n.expressions.size(); i++) {
                    analyse(n.expressions.get(i), block, i < n.expressions.size() - 1);
                }
            }
            case "bind" -> {
                String name = variableName(n.lhs);
                if (name.isEmpty() || ROOT_INPUT.equals(name)) {
                    throw new NotCompiled("binds $ or $$" + at(n));
                }
                scope.declare(name);
                if (isFunctionDefinition(n.rhs)) {
                    if (!statement || n.predicate != null || n.group != null || n.stages != null) {
                        throw new NotCompiled("a function definition is the value of an expression" + at(n));
                    }
                    functionNames.add(name);
                    analyseLambda(n.rhs, scope);
                } else {
                    analyse(n.rhs, scope);
                }
            }
            case "lambda" -> {
                if (n.thunk) {
                    // a tail call: its procedure and arguments are evaluated where the thunk was made
                    analyseCall(n.body, scope);
                } else {
                    throw new NotCompiled("a function definition is used as a value" + at(n));
                }
            }
            case "function" -> analyseCall(n, scope);
            default -> {
                for (Node child : children(n)) {
                    analyse(child, scope);
                }
            }
        }
        analyseAround(n, scope);
    }

    private void analyseLambda(Node lambda, Scope scope) throws NotCompiled {
        if (!lambda.unsupported.isEmpty()) {
            throw new NotCompiled("uses " + lambda.unsupported + at(lambda));
        }
        if (lambda.signature != null) {
            throw new NotCompiled("a function has a signature" + at(lambda));
        }
        if (lambda.predicate != null || lambda.group != null || lambda.stages != null) {
            throw new NotCompiled("a function definition is filtered or grouped" + at(lambda));
        }
        Scope call = new Scope(scope);
        scopes.put(lambda, call);
        for (Node parameter : lambda.arguments) {
            call.declare(variableName(parameter));
        }
        checkTailChain(lambda.body);
        analyse(lambda.body, call);
    }

    /** The interpreter passes tail-call thunks up through conditions and blocks: none may filter or group them. */
    private static void checkTailChain(Node n) throws NotCompiled {
        if (n == null) {
            return;
        }
        String type = String.valueOf(n.type);
        if (type.equals("condition") || type.equals("block")) {
            if (n.predicate != null || n.group != null || n.stages != null) {
                throw new NotCompiled("a filtered or grouped expression in tail position" + at(n));
            }
            if (type.equals("condition")) {
                checkTailChain(n.then);
                checkTailChain(n.elseBranch);
            } else if (!n.expressions.isEmpty()) {
                checkTailChain(n.expressions.get(n.expressions.size() - 1));
            }
        }
    }

    private void analyseCall(Node call, Scope scope) throws NotCompiled {
        if (!call.unsupported.isEmpty()) {
            throw new NotCompiled("uses " + call.unsupported + at(call));
        }
        if (!"function".equals(call.type)) {
            throw new NotCompiled("a tail call of " + call.type + at(call));
        }
        Node procedure = call.procedure;
        if (!"variable".equals(procedure.type) || procedure.predicate != null || procedure.group != null
                || procedure.stages != null || !procedure.unsupported.isEmpty()) {
            throw new NotCompiled("calls something other than a function variable" + at(call));
        }
        for (Node argument : call.arguments) {
            analyse(argument, scope);
        }
    }

    /** Predicates, stages and group-by of a node are evaluated in its scope. */
    private void analyseAround(Node n, Scope scope) throws NotCompiled {
        for (List<Node> filters : List.of(nullToEmpty(n.predicate), nullToEmpty(n.stages))) {
            for (Node filter : filters) {
                if (!"filter".equals(filter.type)) {
                    throw new NotCompiled("a " + filter.type + " stage" + at(filter));
                }
                analyse(filter.filterExpression, scope);
            }
        }
        if (n.group != null) {
            for (Node[] pair : n.group.lhsObject) {
                analyse(pair[0], scope);
                analyse(pair[1], scope);
            }
        }
    }

    private static List<Node> children(Node n) throws NotCompiled {
        List<Node> children = new ArrayList<>();
        switch (String.valueOf(n.type)) {
            case "path" -> children.addAll(n.steps);
            case "unary" -> {
                if (n.expressions != null) {
                    children.addAll(n.expressions);
                }
                if (n.lhsObject != null) {
                    for (Node[] pair : n.lhsObject) {
                        children.add(pair[0]);
                        children.add(pair[1]);
                    }
                }
                if (n.expression != null) {
                    children.add(n.expression);
                }
            }
            case "binary" -> {
                children.add(n.lhs);
                children.add(n.rhs);
            }
            case "condition" -> {
                children.add(n.condition);
                children.add(n.then);
                if (n.elseBranch != null) {
                    children.add(n.elseBranch);
                }
            }
            case "string", "number", "value", "regex", "name", "variable" -> {
            }
            default -> throw new NotCompiled("uses " + n.type + " (" + n.value + ")" + at(n));
        }
        return children;
    }

    // ---- second pass: the tree of Expr

    private Expr compile(Node n, Scope scope) throws NotCompiled {
        Expr core = core(n, scope);
        Filter[] predicates = filters(n.predicate, scope);
        Expr[][] group = !"path".equals(n.type) && n.group != null ? group(n.group, scope) : null;
        if (predicates.length > 0 || group != null) {
            core = new Exprs.Post(core, predicates, group == null ? null : group[0], group == null ? null : group[1]);
        }
        return mayBeSequence(n) ? new Exprs.Mangled(core, n.keepArray) : core;
    }

    /** Node kinds whose own case never returns a sequence ({@code _evaluate}'s mangling would leave it alone). */
    private static boolean mayBeSequence(Node n) {
        if (n.predicate != null || n.group != null) {
            return true;
        }
        return switch (String.valueOf(n.type)) {
            // constants; operators give booleans, strings, numbers; constructors a map or a non-sequence array
            case "string", "number", "value", "regex", "binary", "unary" -> false;
            default -> true;
        };
    }

    private Expr core(Node n, Scope scope) throws NotCompiled {
        switch (String.valueOf(n.type)) {
            case "string", "number", "regex" -> {
                return new Exprs.Literal(n.value);
            }
            case "value" -> {
                return n.value != null ? new Exprs.Literal(n.value) : new Exprs.NullLiteral();
            }
            case "name" -> {
                if (!(n.value instanceof String name)) {
                    throw new NotCompiled("a name that is not text" + at(n));
                }
                return new Exprs.Name(name.intern());
            }
            case "variable" -> {
                String name = variableName(n);
                if (name.isEmpty()) {
                    return new Exprs.Context();
                }
                if (functionNames.contains(name)) {
                    throw new NotCompiled("the function $" + name + " is used as a value" + at(n));
                }
                if (isBuiltinName(name)) {
                    // a variable of the name of a built-in (a parameter $max) is the built-in where it is unbound
                    if (candidates(name, scope).isEmpty()) {
                        throw new NotCompiled("the function $" + name + " is used as a value" + at(n));
                    }
                    return variable(name, scope, library(name));
                }
                return variable(name, scope, null);
            }
            case "path" -> {
                return path(n, scope);
            }
            case "unary" -> {
                String op = String.valueOf(n.value);
                switch (op) {
                    case "[" -> {
                        Expr[] items = new Expr[n.expressions.size()];
                        boolean[] constructors = new boolean[items.length];
                        for (int i = 0; i < items.length; i++) {
                            Node item = n.expressions.get(i);
                            items[i] = compile(item, scope);
                            constructors[i] = "[".equals(String.valueOf(item.value));
                        }
                        return new Exprs.ArrayConstructor(items, constructors, n.consarray);
                    }
                    case "{" -> {
                        Expr[][] pairs = pairs(n.lhsObject, scope);
                        return new Exprs.ObjectConstructor(pairs[0], pairs[1], literalKeys(n.lhsObject));
                    }
                    case "-" -> {
                        return new Exprs.Negate(compile(n.expression, scope));
                    }
                    default -> throw new NotCompiled("unary " + op + at(n));
                }
            }
            case "binary" -> {
                String op = String.valueOf(n.value);
                Expr lhs = compile(n.lhs, scope);
                Expr rhs = compile(n.rhs, scope);
                return switch (op) {
                    case "and", "or" -> new Exprs.Logical(lhs, rhs, "and".equals(op));
                    case "&", "=", "!=", "+", "-", "*", "/", "%", "<", "<=", ">", ">=", "in" -> new Exprs.Binary(lhs, rhs, op);
                    default -> throw new NotCompiled("operator " + op + at(n));
                };
            }
            case "condition" -> {
                return new Exprs.Condition(compile(n.condition, scope), compile(n.then, scope),
                        n.elseBranch == null ? null : compile(n.elseBranch, scope));
            }
            case "block" -> {
                Scope block = scopes.get(n);
                Expr[] expressions = new Expr[n.expressions.size()];
                for (int i = 0; i < expressions.length; i++) {
                    expressions[i] = compile(n.expressions.get(i), block);
                }
                return new Exprs.Block(expressions, block.materialized() ? block.slots.size() : 0);
            }
            case "bind" -> {
                String name = variableName(n.lhs);
                Expr value = functionNames.contains(name) && isFunctionDefinition(n.rhs) ? lambda(n.rhs)
                        : compile(n.rhs, scope);
                return new Exprs.Bind(value, scope.slots.get(name));
            }
            case "function" -> {
                return call(n, scope);
            }
            case "lambda" -> {
                if (!n.thunk) {
                    throw new NotCompiled("a function definition is used as a value" + at(n));
                }
                Node call = n.body;
                return new Exprs.TailCall(procedure(call.procedure, scope), arguments(call, scope), callable);
            }
            default -> throw new NotCompiled("uses " + n.type + at(n));
        }
    }

    private Expr lambda(Node n) throws NotCompiled {
        Scope call = scopes.get(n);
        int[] parameters = new int[n.arguments.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = call.slots.get(variableName(n.arguments.get(i)));
        }
        Exprs.LambdaDefinition definition = new Exprs.LambdaDefinition(parameters,
                call.materialized() ? call.slots.size() : 0);
        definition.body = compile(n.body, call);
        // what _evaluate does around the lambda node itself: nothing (checked: no predicate or group-by)
        return definition;
    }

    private Expr call(Node n, Scope scope) throws NotCompiled {
        Expr[] arguments = arguments(n, scope);
        String name = variableName(n.procedure);
        if (candidates(name, scope).isEmpty()) {
            JFunction builtin = builtin(name);
            if (builtin == null) {
                throw new NotCompiled("calls $" + name + ", which is neither defined here nor a compiled built-in" + at(n));
            }
            Exprs.BuiltinCall.Direct direct = switch (name) {
                case "string" -> arguments.length == 1 ? Exprs.BuiltinCall.Direct.STRING : Exprs.BuiltinCall.Direct.NONE;
                case "lookup" -> arguments.length == 2 ? Exprs.BuiltinCall.Direct.LOOKUP : Exprs.BuiltinCall.Direct.NONE;
                case "exists" -> arguments.length == 1 ? Exprs.BuiltinCall.Direct.EXISTS : Exprs.BuiltinCall.Direct.NONE;
                default -> Exprs.BuiltinCall.Direct.NONE;
            };
            return new Exprs.BuiltinCall(builtin, arguments, direct);
        }
        return new Exprs.Call(procedure(n.procedure, scope), arguments, callable);
    }

    /** The procedure of a call: a variable, which may hold a user function or, unbound, be a built-in. */
    private Expr procedure(Node procedure, Scope scope) throws NotCompiled {
        String name = variableName(procedure);
        // calling a built-in that is not compiled is left to the interpreter at run time (Exprs.apply)
        JFunction otherwise = isBuiltinName(name) ? library(name) : null;
        // a function is never a sequence: _evaluate's mangling of the procedure leaves it as it is
        return variable(name, scope, otherwise);
    }

    private Expr[] arguments(Node call, Scope scope) throws NotCompiled {
        Expr[] arguments = new Expr[call.arguments.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = compile(call.arguments.get(i), scope);
        }
        return arguments;
    }

    private Expr path(Node n, Scope scope) throws NotCompiled {
        Expr[] steps = new Expr[n.steps.size()];
        Filter[][] stages = new Filter[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            Node step = n.steps.get(i);
            if ("sort".equals(step.type)) {
                throw new NotCompiled("order-by" + at(step));
            }
            steps[i] = compile(step, scope);
            stages[i] = filters(step.stages, scope);
        }
        Node first = n.steps.get(0);
        Expr[][] group = n.group == null ? null : group(n.group, scope);
        Exprs.Path path = new Exprs.Path(steps, stages, "variable".equals(first.type), first.consarray,
                n.keepSingletonArray, group == null ? null : group[0], group == null ? null : group[1]);
        return simpleNames(n) ? new Exprs.NamePath(path, steps[0], "variable".equals(first.type), names(n)) : path;
    }

    /**
     * A path of names after a first variable, {@code $} or name, without filters, {@code []} or group-by anywhere
     * ({@code $first.poNumber}, {@code material}): see {@link Exprs.NamePath}.
     */
    private static boolean simpleNames(Node path) {
        if (path.keepSingletonArray || path.group != null || path.keepArray) {
            return false;
        }
        for (int i = 0; i < path.steps.size(); i++) {
            Node step = path.steps.get(i);
            boolean plain = step.predicate == null && step.stages == null && step.group == null && !step.keepArray
                    && !step.consarray;
            String type = String.valueOf(step.type);
            boolean kind = "name".equals(type) || (i == 0 && "variable".equals(type));
            if (!plain || !kind) {
                return false;
            }
        }
        return true;
    }

    /** The names of the steps after the first. */
    private static String[] names(Node path) {
        String[] names = new String[path.steps.size() - 1];
        for (int i = 1; i < path.steps.size(); i++) {
            names[i - 1] = ((String) path.steps.get(i).value).intern();
        }
        return names;
    }

    private Filter[] filters(List<Node> filters, Scope scope) throws NotCompiled {
        if (filters == null) {
            return new Filter[0];
        }
        Filter[] compiled = new Filter[filters.size()];
        for (int i = 0; i < compiled.length; i++) {
            Node predicate = filters.get(i).filterExpression;
            Integer index = "number".equals(predicate.type) ? ((Number) predicate.value).intValue() : null;
            compiled[i] = new Filter(index == null ? compile(predicate, scope) : null, index);
        }
        return compiled;
    }

    private Expr[][] group(Node group, Scope scope) throws NotCompiled {
        return pairs(group.lhsObject, scope);
    }

    private Expr[][] pairs(List<Node[]> pairs, Scope scope) throws NotCompiled {
        Expr[] keys = new Expr[pairs.size()];
        Expr[] values = new Expr[pairs.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = compile(pairs.get(i)[0], scope);
            values[i] = compile(pairs.get(i)[1], scope);
        }
        return new Expr[][] { keys, values };
    }

    /** The keys when every one is a plain string literal and no two are the same; else null. */
    private static String[] literalKeys(List<Node[]> pairs) {
        String[] keys = new String[pairs.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            Node key = pairs.get(i)[0];
            if (!"string".equals(key.type) || !(key.value instanceof String text) || key.predicate != null
                    || key.group != null || key.stages != null || !seen.add(text)) {
                return null;
            }
            keys[i] = text.intern();
        }
        return keys;
    }

    /** A variable reference: the frames that may hold it, innermost first, then {@code otherwise}. */
    private Expr variable(String name, Scope scope, Object otherwise) {
        List<int[]> candidates = candidates(name, scope);
        int[] hops = new int[candidates.size()];
        int[] slots = new int[candidates.size()];
        for (int i = 0; i < hops.length; i++) {
            hops[i] = candidates.get(i)[0];
            slots[i] = candidates.get(i)[1];
        }
        return new Exprs.Variable(hops, slots, otherwise);
    }

    /** {frames up from the current frame, slot} of every scope around {@code scope} that binds the name. */
    private static List<int[]> candidates(String name, Scope scope) {
        List<int[]> candidates = new ArrayList<>();
        int hops = 0;
        for (Scope s = scope; s != null; s = s.parent) {
            if (!s.materialized()) {
                continue;
            }
            Integer slot = s.slots.get(name);
            if (slot != null) {
                candidates.add(new int[] { hops, slot });
            }
            hops++;
        }
        return candidates;
    }

    /** True when the library has a function of that name, compiled or not. */
    private boolean isBuiltinName(String name) {
        return library(name) != null;
    }

    /** The library's function of that name, compiled or not; null if it has none. */
    private JFunction library(String name) {
        return resolved.computeIfAbsent(name, n -> Optional.ofNullable(builtins.apply(n))).orElse(null);
    }

    /** The library's function of that name if a compiled expression may call it. */
    private JFunction builtin(String name) {
        return BUILTINS.contains(name) ? library(name) : null;
    }

    private static boolean isFunctionDefinition(Node n) {
        return n != null && "lambda".equals(n.type) && !n.thunk;
    }

    private static String variableName(Node n) throws NotCompiled {
        if (n == null || !"variable".equals(n.type) || !(n.value instanceof String name)) {
            throw new NotCompiled("expected a variable" + (n == null ? "" : at(n)));
        }
        return name;
    }

    private static List<Node> nullToEmpty(List<Node> nodes) {
        return nodes == null ? List.of() : nodes;
    }

    private static String at(Node n) {
        return " at character " + n.position;
    }
}
