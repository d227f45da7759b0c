package org.mfgsync.mapping.jsonata;

import java.util.Arrays;

/**
 * The variables of one scope of one evaluation (the root, a block, a lambda call), in slots the compiler assigned. A
 * slot that was never bound holds {@link #UNBOUND}, so that a lookup goes on to the enclosing frame exactly as the
 * interpreter's name lookup does when a frame has no binding of that name (a bound {@code null} is a value).
 */
final class Frame {

    static final Object UNBOUND = new Object() {
        @Override
        public String toString() {
            return "unbound";
        }
    };

    final Frame parent;
    final Object[] slots;
    /** The evaluation's root frame, where {@link #nullMade} is kept. */
    final Frame root;
    /**
     * Root only: the evaluation made the interpreter's JSON null ({@code Jsonata.NULL_VALUE}, from a {@code null}
     * literal or a lookup of a key present with a null value), so that the result must be cleared of it.
     */
    boolean nullMade;

    Frame(Frame parent, int size) {
        this.parent = parent;
        this.root = parent == null ? this : parent.root;
        this.slots = new Object[size];
        Arrays.fill(slots, UNBOUND);
    }

    /** Notes that the evaluation made the interpreter's JSON null (or may have, inside {@code value}). */
    void nullMade() {
        root.nullMade = true;
    }
}
