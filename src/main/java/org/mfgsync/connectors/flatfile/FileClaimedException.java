package org.mfgsync.connectors.flatfile;

/**
 * The file is claimed by an intake that has not finished it (another replica is on it, or an instance died in its
 * middle and the claim's lease has not run out): the consumer must leave it where it is and look again later. Not an
 * error; {@link FileConnectorExceptions} keeps it out of the error log.
 */
public class FileClaimedException extends RuntimeException {

    public FileClaimedException(String message) {
        super(message, null, false, false);
    }
}
