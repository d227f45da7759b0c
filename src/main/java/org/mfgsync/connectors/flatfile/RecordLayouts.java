package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.beanio.StreamFactory;

/**
 * BeanIO record layouts ({@code mappings/<instance>/*.beanio.xml}) read from disk. A layout is compiled once and
 * compiled again when its file changes, so an edited layout takes effect with the next file.
 */
public final class RecordLayouts {

    private record Compiled(FileTime modified, StreamFactory factory, java.util.Set<String> recordNames) {
    }

    private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

    public StreamFactory factory(Path layoutFile) {
        return compiled(layoutFile).factory();
    }

    /** True when the layout has a record of this name (e.g. {@code trailer}) in any of its streams. */
    public boolean hasRecord(Path layoutFile, String recordName) {
        return compiled(layoutFile).recordNames().contains(recordName);
    }

    private Compiled compiled(Path layoutFile) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(layoutFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Record layout not readable: " + layoutFile, e);
        }
        return cache.compute(layoutFile.toAbsolutePath().normalize(), (path, known) -> {
            if (known != null && known.modified().equals(modified)) {
                return known;
            }
            StreamFactory factory = StreamFactory.newInstance();
            java.util.Set<String> names = new java.util.HashSet<>();
            try (InputStream in = Files.newInputStream(path)) {
                factory.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Record layout not readable: " + path, e);
            }
            try (InputStream in = Files.newInputStream(path)) {
                var builder = javax.xml.parsers.DocumentBuilderFactory.newInstance();
                builder.setNamespaceAware(true);
                builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                var records = builder.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "record");
                for (int i = 0; i < records.getLength(); i++) {
                    names.add(((org.w3c.dom.Element) records.item(i)).getAttribute("name"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Record layout not readable: " + path, e);
            } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
                throw new IllegalStateException("Record layout not readable: " + path, e);
            }
            return new Compiled(modified, factory, java.util.Set.copyOf(names));
        });
    }
}
