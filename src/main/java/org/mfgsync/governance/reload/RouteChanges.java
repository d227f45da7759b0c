package org.mfgsync.governance.reload;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which routes, route configurations and route templates differ between two versions of the routes folder, by
 * their fingerprints: exactly these are replaced by a reload, every other route keeps running untouched.
 */
final class RouteChanges {

    final Set<String> restart = new TreeSet<>();
    final Set<String> configurations = new TreeSet<>();
    final Set<String> templates = new TreeSet<>();

    RouteChanges(Map<String, RouteFile> from, Map<String, RouteFile> to) {
        RouteFingerprints before = new RouteFingerprints(from);
        RouteFingerprints after = new RouteFingerprints(to);
        changed(before.fingerprints(), after.fingerprints(), restart);
        changed(before.configurations(), after.configurations(), configurations);
        configurations.remove(""); // the global ones: their routes' fingerprints already changed with them
        changed(before.templates(), after.templates(), templates);
    }

    boolean isEmpty() {
        return restart.isEmpty() && configurations.isEmpty() && templates.isEmpty();
    }

    private static void changed(Map<String, String> a, Map<String, String> b, Set<String> into) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.stream().filter(k -> !Objects.equals(a.get(k), b.get(k))).forEach(into::add);
    }
}
