package org.mfgsync.mapping.jsonata;

/** A compiled JSONata node: evaluates against the context value and the variables of the current frame. */
abstract class Expr {

    abstract Object eval(Object input, Frame frame);
}
