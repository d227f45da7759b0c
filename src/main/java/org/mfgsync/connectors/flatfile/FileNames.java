package org.mfgsync.connectors.flatfile;

/** File names a connector accepts: one plain name, never a path that could lead out of the folder. */
public final class FileNames {

    private FileNames() {
    }

    /** Why the name is refused, or null when it is acceptable. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "it is empty";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "'" + printable(name) + "' has path components (/ or \\)";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is a folder reference";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "'" + printable(name) + "' has control characters";
        }
        if (name.length() > 200) {
            return "it is longer than 200 characters";
        }
        return null;
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
