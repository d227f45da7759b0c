package org.mfgsync.resilience;

/**
 * A delivery record names a target or an operation that this installation does not deliver to
 * ({@code mfgsync.resilience.targets.<target>.operations}): permanent, refused to the exceptions, nothing is called.
 */
public class UnknownDeliveryException extends RuntimeException {

    public UnknownDeliveryException(String message) {
        super(message, null, false, false);
    }
}
