package org.mfgsync.governance.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Watching: turns edits in the routes and mappings folders into settled change sets. File-system events only wake
 * the loop; what counts is a rescan of the folders compared by content digest. That also sees a Kubernetes ConfigMap
 * update, which swaps the {@code ..data} symlink instead of writing the files, and file systems that send no events
 * at all (the loop rescans every poll interval). A change set is handed on once the writes have settled: no event
 * for a whole settle interval and the same content before and after it, so several files saved together arrive as
 * one change set.
 */
final class FolderWatcher {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.governance");

    private final List<Path> folders;
    private final long pollMillis;
    private final long settleMillis;
    private final Supplier<String> diskDigest;
    private final Predicate<String> handled;
    private final Runnable reload;
    private volatile Thread thread;

    /**
     * @param diskDigest digest of the folders as they are on disk now
     * @param handled    true for a digest the running version or an earlier reload already accounts for
     * @param reload     reloads the settled change set; returns once the reload is done
     */
    FolderWatcher(List<Path> folders, long pollMillis, long settleMillis, Supplier<String> diskDigest,
            Predicate<String> handled, Runnable reload) {
        this.folders = folders;
        this.pollMillis = pollMillis;
        this.settleMillis = settleMillis;
        this.diskDigest = diskDigest;
        this.handled = handled;
        this.reload = reload;
    }

    void start() {
        Thread watcher = new Thread(this::watch, "mfgsync-reload-watch");
        watcher.setDaemon(true);
        thread = watcher;
        watcher.start();
    }

    void stop() {
        Thread watcher = thread;
        thread = null;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    private boolean running() {
        return thread == Thread.currentThread();
    }

    private void watch() {
        try (WatchService events = FileSystems.getDefault().newWatchService()) {
            while (running()) {
                folders.forEach(f -> register(events, f));
                drain(events, pollMillis);
                String digest = diskDigest.get();
                if (handled.test(digest)) {
                    continue;
                }
                String settled;
                do {
                    settled = digest;
                    quiet(events, settleMillis);
                    digest = diskDigest.get();
                } while (!digest.equals(settled) && running());
                if (running()) {
                    reload.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("Route and mapping watcher stopped; reload is still possible through the admin API", e);
        }
    }

    /** Returns once no event has arrived for {@code millis} (at most ten intervals, so constant writes still load). */
    private static void quiet(WatchService events, long millis) throws InterruptedException {
        long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis * 10);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            var key = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
                deadline = Math.min(limit, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
            }
        }
    }

    private static void drain(WatchService events, long millis) throws InterruptedException {
        var key = events.poll(millis, TimeUnit.MILLISECONDS);
        while (key != null) {
            key.pollEvents();
            key.reset();
            key = events.poll();
        }
    }

    private static void register(WatchService events, Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root, 16, FileVisitOption.FOLLOW_LINKS)) {
            dirs.filter(Files::isDirectory)
                    .filter(d -> d.equals(root) || !root.relativize(d).toString().startsWith("."))
                    .forEach(d -> {
                        try {
                            d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                    StandardWatchEventKinds.ENTRY_DELETE);
                        } catch (IOException e) {
                            // vanished while listing (a ConfigMap swap); the next round registers what is there
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // same: the next round sees the folder as it is then
        }
    }
}
