package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a container image holds, read from its Dockerfile: the {@code COPY} lines (the one list of the image's files),
 * the {@code ENV} lines, the {@code VOLUME}s and the {@code WORKDIR}. {@link #assemble} copies exactly those files
 * into a folder that stands for the image's root file system, as {@code docker build} would: a source folder's
 * contents into the destination folder, a file into a destination folder ({@code /} at the end) or to a destination
 * file, a {@code *} in a source's last part matching files of its folder.
 */
public record ImageTree(List<Copy> copies, Map<String, String> env, List<String> volumes, String workdir) {

    /** One {@code COPY <source>... <destination>}: sources relative to the build context (the repository). */
    public record Copy(List<String> sources, String destination) {
        /** Whether it copies build output ({@code target/...}) rather than files kept in the repository. */
        public boolean buildOutput() {
            return sources.stream().allMatch(s -> s.startsWith("target/"));
        }
    }

    private static final Pattern ENV = Pattern.compile("ENV\\s+([A-Za-z_][A-Za-z0-9_]*)=(\"(.*)\"|'(.*)'|(\\S*))\\s*");

    public static ImageTree parse(Path dockerfile) {
        List<String> lines = new ArrayList<>();
        try {
            StringBuilder pending = new StringBuilder();
            for (String raw : Files.readAllLines(dockerfile)) {
                String line = raw.strip();
                if (line.startsWith("#") || line.isEmpty() && pending.isEmpty()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                lines.add(pending.append(line).toString());
                pending.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Copy> copies = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> volumes = new ArrayList<>();
        String workdir = "/";
        for (String line : lines) {
            String instruction = line.split("\\s+", 2)[0].toUpperCase();
            switch (instruction) {
                case "COPY" -> {
                    List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
                    words.remove(0);
                    words.removeIf(w -> w.startsWith("--"));
                    if (words.size() < 2 || words.get(0).startsWith("[")) {
                        throw new IllegalArgumentException(dockerfile + ": cannot read " + line);
                    }
                    copies.add(new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
                }
                case "ENV" -> {
                    Matcher m = ENV.matcher(line);
                    if (!m.matches()) {
                        throw new IllegalArgumentException(dockerfile + ": one KEY=value per ENV line, not " + line);
                    }
                    env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5));
                }
                case "VOLUME" -> {
                    Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(line);
                    while (m.find()) {
                        volumes.add(m.group(1));
                    }
                }
                case "WORKDIR" -> workdir = line.split("\\s+", 2)[1];
                default -> {
                }
            }
        }
        return new ImageTree(copies, env, volumes, workdir);
    }

    /** Where an absolute path of the image is in the assembled folder {@code root}. */
    public static Path inRoot(Path root, String imagePath) {
        return root.resolve(imagePath.replaceFirst("^/+", ""));
    }

    /** Copies the image's files from {@code context} (the repository) into {@code root}, and creates its volumes. */
    public void assemble(Path context, Path root) throws IOException {
        for (Copy copy : copies) {
            for (String source : copy.sources()) {
                List<Path> matches = matches(context, source);
                if (matches.isEmpty()) {
                    throw new IllegalStateException("COPY " + source + ": nothing there (build the app first)");
                }
                boolean intoFolder = copy.destination().endsWith("/") || matches.size() > 1 || copy.sources().size() > 1;
                for (Path match : matches) {
                    Path target = inRoot(root, copy.destination());
                    if (Files.isDirectory(match)) {
                        ReloadFolders.copyTree(match, target);
                    } else {
                        Path file = intoFolder ? target.resolve(match.getFileName().toString()) : target;
                        Files.createDirectories(file.getParent());
                        Files.copy(match, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        for (String volume : volumes) {
            Files.createDirectories(inRoot(root, volume));
        }
        Files.createDirectories(inRoot(root, workdir));
    }

    private static List<Path> matches(Path context, String source) throws IOException {
        String clean = source.replaceFirst("/+$", "");
        Path path = context.resolve(clean);
        if (!clean.contains("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName());
        try (Stream<Path> files = Files.list(path.getParent())) {
            return files.filter(p -> glob.matches(p.getFileName())).sorted().toList();
        }
    }
}
