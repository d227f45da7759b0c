package org.mfgsync.governance.reload;

import java.util.Map;

/**
 * One version of the routes and mappings folders: the files (path relative to their folder → content and hash) and
 * the parsed route files. The running version has every route file parsed; a scan of the disk has none yet.
 */
record Snapshot(Map<String, SourceFile> routes, Map<String, RouteFile> routeFiles, Map<String, SourceFile> mappings) {

    static final String ROUTES = "routes/";
    static final String MAPPINGS = "mappings/";

    /** One hash over every file's path and content hash: equal digests, equal folders. */
    String digest() {
        StringBuilder all = new StringBuilder();
        routes.values().forEach(f -> all.append("r:").append(f.path()).append('=').append(f.sha256()).append('\n'));
        mappings.values().forEach(f -> all.append("m:").append(f.path()).append('=').append(f.sha256()).append('\n'));
        return SourceFile.sha256(all.toString());
    }
}
