package org.mfgsync.governance.reload;

import java.util.List;
import java.util.Map;

import org.mfgsync.mapping.CompiledMapping;

/**
 * What a reload will do, decided before anything running is touched (see {@link ChangePlanner}).
 *
 * @param files       every file of the change set (disk against the running version)
 * @param heldBack    the files of the change set that do not go in, each with its reason
 * @param rejections  every validation error found while planning
 * @param target      the version that will run: the running version with the accepted changes
 * @param mappings    the compiled mapping set of the target, or null when the mappings do not change
 * @param routes      the routes, route configurations and templates that the accepted changes replace
 * @param diskDigest  digest of the folders as scanned for this plan
 */
record ChangePlan(List<ReloadRecord.FileChange> files, List<ReloadRecord.HeldBack> heldBack, List<Rejection> rejections,
        Snapshot target, Map<String, CompiledMapping> mappings, RouteChanges routes, String diskDigest) {

    boolean unchanged() {
        return files.isEmpty();
    }

    /** True when at least one change goes in. */
    boolean accepted() {
        return files.size() > heldBack.size();
    }

    List<ReloadRecord.FileChange> acceptedFiles() {
        List<String> held = heldBack.stream().map(ReloadRecord.HeldBack::file).toList();
        return files.stream().filter(f -> !held.contains(f.file())).toList();
    }

    String result() {
        if (unchanged()) {
            return ReloadRecord.UNCHANGED;
        }
        return heldBack.isEmpty() ? ReloadRecord.APPLIED : accepted() ? ReloadRecord.PARTIALLY_APPLIED : ReloadRecord.REJECTED;
    }
}
