package org.mfgsync.connectors.flatfile;

/**
 * The file's own completeness check (the dialect's trailer: its count, or the trailer missing at the end) says that the
 * partner has not finished writing it. Not a rejection yet: {@link FileConnector} leaves the file where it is and looks
 * at it again when it changes, and rejects it with this reason once the instance's deadline has passed.
 */
public class FileIncompleteException extends RuntimeException {

    public FileIncompleteException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
