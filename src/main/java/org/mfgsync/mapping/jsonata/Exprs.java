package org.mfgsync.mapping.jsonata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.Utils.JList;

import org.mfgsync.mapping.jsonata.Semantics.Fallback;
import org.mfgsync.mapping.jsonata.Semantics.Filter;

/**
 * The compiled node kinds. Each mirrors one case of the interpreter's {@code _evaluate} switch (named in its
 * comment); what {@code _evaluate} does around every case (predicates, group-by, sequence mangling) is
 * {@link Post} and {@link Mangled}.
 */
final class Exprs {

    private Exprs() {
    }

    /** {@code evaluateLiteral}, {@code evaluateRegex}: a constant. */
    static final class Literal extends Expr {
        final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Object input, Frame frame) {
            return value;
        }
    }

    /** {@code evaluateLiteral} for {@code null}: the interpreter's JSON null, cleared from the result at the end. */
    static final class NullLiteral extends Expr {
        @Override
        Object eval(Object input, Frame frame) {
            frame.nullMade();
            return Jsonata.NULL_VALUE;
        }
    }

    /** {@code evaluateName}: a field of the context, looked up in every item if the context is an array. */
    static final class Name extends Expr {
        final String name;

        Name(String name) {
            this.name = name;
        }

        @Override
        Object eval(Object input, Frame frame) {
            return lookup(input, name, frame);
        }
    }

    /** {@code Functions.lookup}, noting the JSON null it makes for a key present with a null value. */
    static Object lookup(Object input, String name, Frame frame) {
        if (input instanceof Map<?, ?> map) {
            Object result = map.get(name);
            if (result == null && map.containsKey(name)) {
                frame.nullMade();
                return Jsonata.NULL_VALUE;
            }
            return result;
        }
        if (input instanceof List) {
            // over an array: each item's value, among them perhaps a JSON null
            frame.nullMade();
        }
        return Functions.lookup(input, name);
    }

    /** {@code evaluateVariable} for {@code $}: the context (an input array is unwrapped from its outer sequence). */
    static final class Context extends Expr {
        @Override
        Object eval(Object input, Frame frame) {
            return input instanceof JList<?> list && list.outerWrapper ? list.get(0) : input;
        }
    }

    /**
     * {@code evaluateVariable} for {@code $name}: the innermost frame that bound the name, as the compiler resolved
     * the candidates (frames up, slot), then the built-in function of that name, else undefined.
     */
    static final class Variable extends Expr {
        final int[] hops;
        final int[] slots;
        final Object otherwise;

        Variable(int[] hops, int[] slots, Object otherwise) {
            this.hops = hops;
            this.slots = slots;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Frame f = frame;
            int at = 0;
            for (int i = 0; i < slots.length; i++) {
                while (at < hops[i]) {
                    f = f.parent;
                    at++;
                }
                Object value = f.slots[slots[i]];
                if (value != Frame.UNBOUND) {
                    return value;
                }
            }
            return otherwise;
        }
    }

    /** {@code evaluatePath}: steps, each over the sequence the one before gave. */
    static final class Path extends Expr {
        final Expr[] steps;
        final Filter[][] stages;
        final boolean firstIsVariable;
        final boolean firstIsArrayConstructor;
        final boolean keepSingletonArray;
        final Expr[] groupKeys;
        final Expr[] groupValues;

        Path(Expr[] steps, Filter[][] stages, boolean firstIsVariable, boolean firstIsArrayConstructor,
                boolean keepSingletonArray, Expr[] groupKeys, Expr[] groupValues) {
            this.steps = steps;
            this.stages = stages;
            this.firstIsVariable = firstIsVariable;
            this.firstIsArrayConstructor = firstIsArrayConstructor;
            this.keepSingletonArray = keepSingletonArray;
            this.groupKeys = groupKeys;
            this.groupValues = groupValues;
        }

        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Object eval(Object input, Frame frame) {
            List inputSequence;
            if (input instanceof List<?> list && !firstIsVariable) {
                inputSequence = list;
            } else {
                inputSequence = Utils.createSequence(input);
            }
            List resultSequence = null;
            for (int ii = 0; ii < steps.length; ii++) {
                if (ii == 0 && firstIsArrayConstructor) {
                    resultSequence = (List) steps[0].eval(inputSequence, frame);
                } else {
                    resultSequence = Semantics.step(steps[ii], stages[ii], inputSequence, frame, ii == steps.length - 1);
                }
                if (resultSequence == null || resultSequence.isEmpty()) {
                    break;
                }
                inputSequence = resultSequence;
            }
            if (keepSingletonArray) {
                if (!(resultSequence instanceof JList)) {
                    resultSequence = new JList<>(resultSequence);
                }
                if (resultSequence instanceof JList<?> jl && jl.cons && !jl.sequence) {
                    resultSequence = Utils.createSequence(resultSequence);
                }
                ((JList) resultSequence).keepSingleton = true;
            }
            if (groupKeys != null) {
                return Semantics.group(groupKeys, groupValues, resultSequence, frame);
            }
            return resultSequence;
        }
    }

    /**
     * A path of names after a first variable or name, none filtered: while every value met is a single value, not an
     * array, {@link Path} would make a sequence of one at each step and give its item (or undefined as soon as a step
     * finds nothing), which this does without the sequences. At the first array it evaluates the general way, from the
     * start (variables and names have no effects).
     */
    static final class NamePath extends Expr {
        final Path general;
        final Expr first;
        final boolean firstIsVariable;
        final String[] names;

        NamePath(Path general, Expr first, boolean firstIsVariable, String[] names) {
            this.general = general;
            this.first = first;
            this.firstIsVariable = firstIsVariable;
            this.names = names;
        }

        @Override
        Object eval(Object input, Frame frame) {
            if (input instanceof List && !firstIsVariable) {
                return general.eval(input, frame);
            }
            Object value = first.eval(input, frame);
            for (String name : names) {
                if (value == null) {
                    return null;
                }
                if (value instanceof List) {
                    return general.eval(input, frame);
                }
                value = lookup(value, name, frame);
            }
            if (value instanceof List) {
                return general.eval(input, frame);
            }
            return value;
        }
    }

    /** {@code evaluateUnary} for {@code [...]}: the items, arrays among them spliced in unless they are constructors. */
    static final class ArrayConstructor extends Expr {
        final Expr[] items;
        final boolean[] itemIsArrayConstructor;
        final boolean consarray;

        ArrayConstructor(Expr[] items, boolean[] itemIsArrayConstructor, boolean consarray) {
            this.items = items;
            this.itemIsArrayConstructor = itemIsArrayConstructor;
            this.consarray = consarray;
        }

        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Object eval(Object input, Frame frame) {
            Object result = new JList<>();
            for (int i = 0; i < items.length; i++) {
                Object value = items[i].eval(input, frame);
                if (value != null) {
                    if (itemIsArrayConstructor[i]) {
                        ((List) result).add(value);
                    } else {
                        result = Functions.append(result, value);
                    }
                }
            }
            if (consarray) {
                if (!(result instanceof JList)) {
                    result = new JList((List) result);
                }
                ((JList) result).cons = true;
            }
            return result;
        }
    }

    /**
     * {@code evaluateUnary} for {@code {...}} ({@code evaluateGroupExpression}). With string literal keys, all
     * different, over a context that is not an array, the grouping has one group per pair in the order of the pairs,
     * each evaluated with the context itself: the values are evaluated in that order, without the grouping.
     */
    static final class ObjectConstructor extends Expr {
        final Expr[] keys;
        final Expr[] values;
        final String[] literalKeys;
        /** Room for every pair without growing (the interpreter's map would grow to the same content). */
        final int capacity;

        ObjectConstructor(Expr[] keys, Expr[] values, String[] literalKeys) {
            this.keys = keys;
            this.values = values;
            this.literalKeys = literalKeys;
            this.capacity = (int) Math.ceil(values.length / 0.75);
        }

        @Override
        Object eval(Object input, Frame frame) {
            if (literalKeys != null && !(input instanceof List)) {
                Map<Object, Object> result = new LinkedHashMap<>(capacity);
                for (int i = 0; i < values.length; i++) {
                    Object value = values[i].eval(input, frame);
                    if (value != null) {
                        result.put(literalKeys[i], value);
                    }
                }
                return result;
            }
            return Semantics.group(keys, values, input, frame);
        }
    }

    /** {@code evaluateBlock}: the expressions in turn, in a frame of their own where the block binds variables. */
    static final class Block extends Expr {
        final Expr[] expressions;
        final int frameSize;

        Block(Expr[] expressions, int frameSize) {
            this.expressions = expressions;
            this.frameSize = frameSize;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Frame f = frameSize > 0 ? new Frame(frame, frameSize) : frame;
            Object result = null;
            for (Expr expression : expressions) {
                result = expression.eval(input, f);
            }
            return result;
        }
    }

    /** {@code evaluateBindExpression}: {@code $name := value} in the current frame. */
    static final class Bind extends Expr {
        final Expr value;
        final int slot;

        Bind(Expr value, int slot) {
            this.value = value;
            this.slot = slot;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Object v = value.eval(input, frame);
            frame.slots[slot] = v;
            return v;
        }
    }

    /** {@code evaluateCondition}: {@code c ? a : b}, undefined without an else. */
    static final class Condition extends Expr {
        final Expr condition;
        final Expr then;
        final Expr otherwise;

        Condition(Expr condition, Expr then, Expr otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Object input, Frame frame) {
            if (Jsonata.boolize(condition.eval(input, frame))) {
                return then.eval(input, frame);
            }
            return otherwise == null ? null : otherwise.eval(input, frame);
        }
    }

    /** {@code evaluateBinary} for {@code and} / {@code or}: the right side only when it decides. */
    static final class Logical extends Expr {
        final Expr lhs;
        final Expr rhs;
        final boolean and;

        Logical(Expr lhs, Expr rhs, boolean and) {
            this.lhs = lhs;
            this.rhs = rhs;
            this.and = and;
        }

        @Override
        Object eval(Object input, Frame frame) {
            boolean l = Jsonata.boolize(lhs.eval(input, frame));
            if (and) {
                return l && Jsonata.boolize(rhs.eval(input, frame));
            }
            return l || Jsonata.boolize(rhs.eval(input, frame));
        }
    }

    /** {@code evaluateBinary} for the other operators: both sides, left first, then the operator. */
    static final class Binary extends Expr {
        final Expr lhs;
        final Expr rhs;
        final String op;

        Binary(Expr lhs, Expr rhs, String op) {
            this.lhs = lhs;
            this.rhs = rhs;
            this.op = op;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Object l = lhs.eval(input, frame);
            Object r = rhs.eval(input, frame);
            return switch (op) {
                case "&" -> Semantics.concat(l, r);
                case "=" -> Semantics.equal(l, r);
                case "!=" -> l == null || r == null ? Boolean.FALSE : !Semantics.equal(l, r);
                case "+", "-", "*", "/", "%" -> Semantics.numeric(l, r, op.charAt(0));
                case "<", "<=", ">", ">=" -> Semantics.compare(l, r, op);
                case "in" -> Semantics.includes(l, r);
                default -> throw new Fallback("operator " + op);
            };
        }
    }

    /** {@code evaluateUnary} for {@code -}: negation of a number. */
    static final class Negate extends Expr {
        final Expr expression;

        Negate(Expr expression) {
            this.expression = expression;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Object result = expression.eval(input, frame);
            if (result == null) {
                return null;
            }
            if (Utils.isNumeric(result)) {
                return Utils.convertNumber(-((Number) result).doubleValue());
            }
            throw new Fallback("D1002 cannot negate");
        }
    }

    /** A user-defined function: its definition, and the frame and context it was evaluated in. */
    static final class Lambda {
        final LambdaDefinition definition;
        final Frame captured;
        final Object input;

        Lambda(LambdaDefinition definition, Frame captured, Object input) {
            this.definition = definition;
            this.captured = captured;
            this.input = input;
        }

        /** {@code applyProcedure}: parameters bound as far as there are arguments; the body with the captured context. */
        Object invoke(List<Object> args) {
            Frame f = definition.frameSize > 0 ? new Frame(captured, definition.frameSize) : captured;
            int[] params = definition.parameterSlots;
            for (int i = 0; i < params.length && i < args.size(); i++) {
                f.slots[params[i]] = args.get(i);
            }
            return definition.body.eval(input, f);
        }
    }

    /** {@code evaluateLambda}: {@code function($a, $b) { body }} becomes a {@link Lambda}. */
    static final class LambdaDefinition extends Expr {
        final int[] parameterSlots;
        final int frameSize;
        Expr body;

        LambdaDefinition(int[] parameterSlots, int frameSize) {
            this.parameterSlots = parameterSlots;
            this.frameSize = frameSize;
        }

        @Override
        Object eval(Object input, Frame frame) {
            return new Lambda(this, frame, input);
        }
    }

    /** A tail call of a function body, made by the caller's trampoline ({@code apply}). */
    static final class Thunk {
        final TailCall call;
        final Frame frame;
        final Object input;

        Thunk(TailCall call, Frame frame, Object input) {
            this.call = call;
            this.frame = frame;
            this.input = input;
        }
    }

    /** The parser's tail-call thunk (a lambda around the call in tail position of a function body). */
    static final class TailCall extends Expr {
        final Expr procedure;
        final Expr[] arguments;
        final Set<Object> callable;

        TailCall(Expr procedure, Expr[] arguments, Set<Object> callable) {
            this.procedure = procedure;
            this.arguments = arguments;
            this.callable = callable;
        }

        @Override
        Object eval(Object input, Frame frame) {
            return new Thunk(this, frame, input);
        }
    }

    /** {@code evaluateFunction}: the procedure, the arguments in order, then {@link #apply}. */
    static final class Call extends Expr {
        final Expr procedure;
        final Expr[] arguments;
        /** The library functions compiled code may call (identity set); others are left to the interpreter. */
        final Set<Object> callable;

        Call(Expr procedure, Expr[] arguments, Set<Object> callable) {
            this.procedure = procedure;
            this.arguments = arguments;
            this.callable = callable;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Object proc = procedure.eval(input, frame);
            if (proc == null) {
                throw new Fallback("T1006 not a function");
            }
            return apply(proc, evaluate(arguments, input, frame), input, callable, frame);
        }
    }

    /**
     * {@code evaluateFunction} for a built-in the compiler resolved (no variable of that name can be in scope): the
     * library's own function, its signature validating (and completing) the arguments as in the interpreter. For a
     * few functions and argument types the validation is known to pass the arguments unchanged, and the function is
     * called directly (as {@code Functions.call} would, numbers normalised by {@link Utils#convertNumber}).
     */
    static final class BuiltinCall extends Expr {
        enum Direct { NONE, STRING, LOOKUP, EXISTS }

        final JFunction function;
        final Expr[] arguments;
        final Direct direct;

        BuiltinCall(JFunction function, Expr[] arguments, Direct direct) {
            this.function = function;
            this.arguments = arguments;
            this.direct = direct;
        }

        @Override
        Object eval(Object input, Frame frame) {
            switch (direct) {
                case STRING -> {
                    Object arg = arguments[0].eval(input, frame);
                    if (arg instanceof String) {
                        return arg;
                    }
                    if (arg instanceof Number || arg instanceof Boolean) {
                        return Functions.string(arg, null);
                    }
                    return callBuiltin(function, single(arg), input, frame);
                }
                case LOOKUP -> {
                    Object object = arguments[0].eval(input, frame);
                    Object key = arguments[1].eval(input, frame);
                    if (object instanceof Map && key instanceof String name) {
                        Object result = lookup(object, name, frame);
                        return result instanceof Number n ? Utils.convertNumber(n) : result;
                    }
                    List<Object> args = new ArrayList<>(2);
                    args.add(object);
                    args.add(key);
                    return callBuiltin(function, args, input, frame);
                }
                case EXISTS -> {
                    Object arg = arguments[0].eval(input, frame);
                    if (arg instanceof String || arg instanceof Number || arg instanceof Boolean || arg instanceof Map
                            || arg instanceof List) {
                        return Boolean.TRUE;
                    }
                    return callBuiltin(function, single(arg), input, frame);
                }
                default -> {
                    return callBuiltin(function, evaluate(arguments, input, frame), input, frame);
                }
            }
        }

        private static List<Object> single(Object arg) {
            List<Object> args = new ArrayList<>(1);
            args.add(arg);
            return args;
        }
    }

    static List<Object> evaluate(Expr[] arguments, Object input, Frame frame) {
        List<Object> args = new ArrayList<>(arguments.length);
        for (Expr argument : arguments) {
            args.add(argument.eval(input, frame));
        }
        return args;
    }

    /** {@code apply}: the procedure, then the tail calls it returns, each with the caller's context. */
    static Object apply(Object proc, List<Object> args, Object input, Set<Object> callable, Frame frame) {
        Object result = applyInner(proc, args, input, callable, frame);
        while (result instanceof Thunk thunk) {
            Object next = thunk.call.procedure.eval(thunk.input, thunk.frame);
            List<Object> nextArgs = evaluate(thunk.call.arguments, thunk.input, thunk.frame);
            result = applyInner(next, nextArgs, input, thunk.call.callable, frame);
        }
        return result;
    }

    /** {@code applyInner} for what a compiled expression can call: its own functions and the library's. */
    private static Object applyInner(Object proc, List<Object> args, Object input, Set<Object> callable, Frame frame) {
        if (proc instanceof Lambda lambda) {
            return lambda.invoke(args);
        }
        if (proc instanceof JFunction function && callable.contains(function)) {
            return callBuiltin(function, args, input, frame);
        }
        throw new Fallback("not a function the compiled expression calls: " + proc);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Object callBuiltin(JFunction function, List<Object> args, Object input, Frame frame) {
        for (Object arg : args) {
            if (arg instanceof Lambda || arg instanceof Thunk || arg instanceof JFunction) {
                // the library would call it back through the interpreter's state of this thread
                throw new Fallback("function passed to a built-in");
            }
        }
        Object validated = function.validate(args, input);
        Object result = function.call(input, (List) validated);
        if (result == Jsonata.NULL_VALUE || result instanceof List || result instanceof Map) {
            // $lookup makes JSON nulls, in what it returns
            frame.nullMade();
        }
        return result;
    }

    /** What {@code _evaluate} does after the node's own case: its predicates, then its group-by. */
    static final class Post extends Expr {
        final Expr core;
        final Filter[] predicates;
        final Expr[] groupKeys;
        final Expr[] groupValues;

        Post(Expr core, Filter[] predicates, Expr[] groupKeys, Expr[] groupValues) {
            this.core = core;
            this.predicates = predicates;
            this.groupKeys = groupKeys;
            this.groupValues = groupValues;
        }

        @Override
        Object eval(Object input, Frame frame) {
            Object result = core.eval(input, frame);
            for (Filter predicate : predicates) {
                result = predicate.apply(result, frame);
            }
            if (groupKeys != null) {
                result = Semantics.group(groupKeys, groupValues, result, frame);
            }
            return result;
        }
    }

    /** What {@code _evaluate} does last with every result ({@link Semantics#mangle}). */
    static final class Mangled extends Expr {
        final Expr core;
        final boolean keepArray;

        Mangled(Expr core, boolean keepArray) {
            this.core = core;
            this.keepArray = keepArray;
        }

        @Override
        Object eval(Object input, Frame frame) {
            return Semantics.mangle(core.eval(input, frame), keepArray);
        }
    }
}
