package org.mfgsync.mapping.jsonata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.Utils.JList;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A JSONata mapping evaluated by a tree of Java objects made once when the mapping is loaded, instead of by dashjoin's
 * interpreter walking its syntax tree per event (which looks every node's type up by name, searches the frames for
 * debug callbacks at each node, validates each function call's arguments with regular expressions...).
 * <p>
 * The result is the interpreter's, exactly: the compiled nodes are the interpreter's evaluation rules ported one by one
 * on its own values and library functions ({@link Semantics}); an expression outside the compiled subset (see
 * {@link JsonataCompiler}) is not compiled at all; and an evaluation that meets what the port leaves to the
 * interpreter (any error, a value of a kind it does not handle) is done again, whole, by the interpreter, whose result
 * or error is then the answer. The compiled evaluation never changes its input, so that the repetition sees what the
 * first attempt saw. {@code JsonataDifferentialTest} holds the shipped mappings and their golden inputs to this.
 * <p>
 * Immutable once made; evaluations on any number of threads each use frames of their own.
 */
@RegisterForReflection(targets = { Jsonata.class, Parser.Symbol.class })
public final class CompiledJsonata {

    private final Jsonata interpreter;
    private final Expr root;
    private final int rootFrameSize;
    private final String notCompiled;

    private CompiledJsonata(Jsonata interpreter, Expr root, int rootFrameSize, String notCompiled) {
        this.interpreter = interpreter;
        this.root = root;
        this.rootFrameSize = rootFrameSize;
        this.notCompiled = notCompiled;
    }

    /**
     * Compiles a parsed expression, or keeps it for the interpreter alone when it is outside the compiled subset.
     * Must run on the thread that parsed it (the one JSONata parser thread of {@code MappingKinds}): the built-in
     * functions are found by evaluating their names, which the interpreter does in the state of the thread's last
     * parsed expression.
     */
    public static CompiledJsonata of(Jsonata expression) {
        try {
            JsonataCompiler.Compiled compiled = JsonataCompiler.compile(expression, CompiledJsonata::builtin);
            return new CompiledJsonata(expression, compiled.root(), compiled.rootFrameSize(), null);
        } catch (JsonataCompiler.NotCompiled e) {
            return new CompiledJsonata(expression, null, 0, e.getMessage());
        }
    }

    /** The library's functions by name, looked up once (on the parser thread) and shared. */
    private static final Map<String, Optional<Jsonata.JFunction>> BUILTINS = new ConcurrentHashMap<>();

    private static Jsonata.JFunction builtin(String name) {
        return BUILTINS.computeIfAbsent(name, n -> {
            Object function = Jsonata.jsonata("$" + n).evaluate(null);
            return Optional.ofNullable(function instanceof Jsonata.JFunction f ? f : null);
        }).orElse(null);
    }

    /** True when evaluations run compiled; false when the expression is outside the subset. */
    public boolean compiled() {
        return root != null;
    }

    /** Why the expression is left to the interpreter, or null when it is compiled. */
    public String notCompiledBecause() {
        return notCompiled;
    }

    /** Maps JSON-shaped data (maps, lists, strings, numbers, booleans) to the same shapes. */
    public Object evaluate(Object input) {
        if (root != null) {
            try {
                return evaluateCompiled(input);
            } catch (RuntimeException | StackOverflowError e) {
                // an error, or something the port leaves to the interpreter: the interpreter decides
            }
        }
        return interpret(input);
    }

    /** The interpreter alone; for the differential tests. */
    public Object interpret(Object input) {
        // a fresh frame per evaluation: the input is bound in a frame of this evaluation's own, never in the
        // expression's shared one (see MappingKinds.JsonataKind#compile)
        return interpreter.evaluate(input, interpreter.createFrame());
    }

    /**
     * The compiled evaluation alone, without the interpreter to fall back on; for the differential tests. Throws when
     * the expression is not compiled or the evaluation met what the port leaves to the interpreter.
     */
    public Object evaluateCompiled(Object input) {
        if (root == null) {
            throw new IllegalStateException("not compiled: " + notCompiled);
        }
        // Jsonata.evaluate(input, bindings): $$ is the input as given, an array input is wrapped in a sequence of
        // one, the input must hold JSON types only, and the interpreter's JSON null becomes null in the result
        Frame frame = new Frame(null, rootFrameSize);
        frame.slots[0] = input;
        Object context = input;
        if (input instanceof List<?> list && !Utils.isSequence(list)) {
            JList<Object> wrapped = (JList<Object>) Utils.createSequence(list);
            wrapped.outerWrapper = true;
            context = wrapped;
        }
        if (!plainJson(context)) {
            // throws the interpreter's own error for a value that is not JSON; else (a JSON null, a function) the
            // result may hold them: cleared as the interpreter clears it
            Functions.validateInput(context);
            frame.nullMade();
        }
        Object result = root.eval(context, frame);
        // Utils.convertNulls turns the interpreter's JSON null into null throughout the result; the result holds
        // none if the evaluation made none (only null literals and lookups make them) and the input held none
        return frame.nullMade ? Utils.convertNulls(result) : result;
    }

    /** JSON-shaped data of maps with text keys, lists, text, numbers, booleans and nulls only. */
    private static boolean plainJson(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !plainJson(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!plainJson(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
