package org.mfgsync.connectors.flatfile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.mfgsync.connectors.ConnectorsConfig;
import org.mfgsync.connectors.ConnectorsConfig.Completion;

/**
 * Decides, per inbound file connector instance, whether a listed file is completely delivered by the partner's
 * convention ({@code mfgsync.connectors.endpoints.<id>.intake.*}): its marker file is there, it carries its final name,
 * or it has kept its size and modification time for the instance's minimum age. Size and time are compared between
 * mfgsync's own polls and the age is measured on mfgsync's clock, so a server's clock or the coarse timestamps of an
 * FTP listing do not shorten the wait. A file that its own content declared incomplete (a trailer count) is not taken
 * again until it changes or its deadline has passed. What is observed is kept in memory: after a restart every file
 * waits its minimum age again, which delays, never loses.
 */
@ApplicationScoped
@Named("completeDeliveries")
public class CompleteDeliveries {

    /** Most files remembered at once (all instances); the least recently seen are forgotten first. */
    static final int REMEMBERED = 20_000;

    /** What one poll saw of a file; {@code key} names it across polls. */
    public record Observation(String instance, String key, long size, long modified) {
    }

    /** The settings of one instance, resolved from its configuration. */
    public record Settings(Completion completion, String markerFile, Pattern markerNames, Duration stableFor,
            Pattern tempNames, Duration incompleteDeadline, int maxAttempts, FileLimits limits) {

        /** The marker file's name for a file of this name (convention marker). */
        public String markerFor(String name) {
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            return markerFile.replace("{name}", name).replace("{base}", base);
        }
    }

    private record Seen(long size, long modified, Instant since) {
    }

    private final ConnectorsConfig config;
    private final Clock clock;
    private final Map<String, Settings> settings = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** Files found incomplete by their content, with the size and time they had and when that was first found. */
    private final Map<String, Seen> incomplete = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Inject
    public CompleteDeliveries(ConnectorsConfig config) {
        this(config, Clock.systemUTC());
    }

    CompleteDeliveries(ConnectorsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The instance's settings; an instance without configuration or with an unusable setting fails its route's start. */
    public Settings settings(String instance) {
        return settings.computeIfAbsent(instance, this::resolve);
    }

    private Settings resolve(String instance) {
        ConnectorsConfig.Endpoint endpoint = config.endpoints().get(instance);
        if (endpoint == null) {
            throw new IllegalArgumentException("Connector instance '" + instance
                    + "' has no settings under mfgsync.connectors.endpoints." + instance + ".*");
        }
        ConnectorsConfig.Intake intake = endpoint.intake();
        String marker = intake.markerFile();
        if (intake.completion() == Completion.MARKER && !marker.contains("{name}") && !marker.contains("{base}")) {
            throw new IllegalArgumentException("mfgsync.connectors.endpoints." + instance + ".intake.marker-file '"
                    + marker + "' must name the file it marks with {name} or {base}");
        }
        Pattern markerNames = Pattern.compile(Pattern.quote(marker).replace("{name}", "\\E.+\\Q").replace("{base}", "\\E.+\\Q"));
        Duration stableFor = intake.stableFor().orElse(config.stableFor());
        if (stableFor.isNegative()) {
            throw new IllegalArgumentException("mfgsync.connectors.endpoints." + instance + ".intake.stable-for must not be negative");
        }
        FileLimits limits;
        try {
            limits = new FileLimits(intake.maxFileSize().asLongValue(), intake.maxLineLength(), intake.maxRecords());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mfgsync.connectors.endpoints." + instance + ".intake.*: " + e.getMessage(), e);
        }
        return new Settings(intake.completion(), marker, markerNames, stableFor,
                Pattern.compile(intake.tempNames(), Pattern.CASE_INSENSITIVE), intake.incompleteDeadline(),
                intake.maxAttempts(), limits);
    }

    /** Why a file of this name is never taken (a temporary or hidden name, a marker), or empty. */
    public Optional<String> neverTaken(Settings settings, String name) {
        if (name.startsWith(".")) {
            return Optional.of("hidden name");
        }
        if (settings.tempNames().matcher(name).matches()) {
            return Optional.of("temporary name");
        }
        if (settings.completion() == Completion.MARKER && settings.markerNames().matcher(name).matches()) {
            return Optional.of("marker file");
        }
        return Optional.empty();
    }

    /**
     * Convention {@code stable} (and the wait after an incomplete content): true once the file has had this size and
     * time for the instance's minimum age, counted from the first poll that saw it so.
     */
    public synchronized boolean stable(Settings settings, Observation file) {
        Instant now = clock.instant();
        Seen before = seen.get(file.key());
        if (before == null || before.size() != file.size() || before.modified() != file.modified()) {
            seen.put(file.key(), new Seen(file.size(), file.modified(), now));
            return settings.stableFor().isZero();
        }
        return !now.isBefore(before.since().plus(settings.stableFor()));
    }

    /**
     * True while the file is as it was when its content was found incomplete and its deadline has not passed: it is not
     * taken (nor downloaded) again until it changes.
     */
    public synchronized boolean heldIncomplete(Settings settings, Observation file) {
        Seen found = incomplete.get(file.key());
        if (found == null) {
            return false;
        }
        if (found.size() != file.size() || found.modified() != file.modified()) {
            // it changed: the partner is still writing it, or completed it; looked at again once stable
            return false;
        }
        return clock.instant().isBefore(found.since().plus(settings.incompleteDeadline()));
    }

    /**
     * Records that the file's content says it is incomplete and answers since when it has been found so (now, the first
     * time). A file that changed since keeps its first finding: the deadline runs from the first incomplete content.
     */
    public synchronized Instant foundIncomplete(Observation file) {
        Instant now = clock.instant();
        Seen found = incomplete.get(file.key());
        Instant since = found == null ? now : found.since();
        incomplete.put(file.key(), new Seen(file.size(), file.modified(), since));
        return since;
    }

    /** The file is gone from its folder (archived): what was observed of it is forgotten. */
    public synchronized void forget(Observation file) {
        seen.remove(file.key());
        incomplete.remove(file.key());
    }

    static String describe(Settings settings) {
        return switch (settings.completion()) {
            case STABLE -> "taken once unchanged for " + settings.stableFor().toString().toLowerCase(Locale.ROOT).substring(2);
            case MARKER -> "taken once its marker " + settings.markerFile() + " is there";
            case RENAME -> "taken under its final name";
        };
    }
}
