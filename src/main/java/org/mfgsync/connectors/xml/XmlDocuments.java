package org.mfgsync.connectors.xml;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.SourceLocator;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.mfgsync.connectors.flatfile.FileRejectedException;
import org.mfgsync.connectors.flatfile.RecordError;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Reads a partner's XML document safely and maps it with an XSLT 3 mapping to canonical event drafts (the same shape a
 * JSONata mapping gives). Three passes, each one streamed from the file:
 * <ol>
 * <li>a guard pass (StAX) that refuses, before anything else reads the document, a DOCTYPE (so no DTD, no entity
 * declaration, no external entity is ever read or fetched — which also rules out billion-laughs expansion), an
 * XInclude element, a document larger than the instance's limit, nesting deeper than {@value #MAX_DEPTH}, an element
 * with more than {@value #MAX_ATTRIBUTES} attributes, text that does not decode, and a root element other than the
 * expected one;</li>
 * <li>validation against the partner dialect's XSD, every violation with its line;</li>
 * <li>the XSLT mapping, whose JSON output (a list of events, or one) becomes the drafts.</li>
 * </ol>
 * Passes 2 and 3 read through a parser that would refuse a DOCTYPE too, and no resolver that could reach a file or the
 * network is ever installed. Expected bad input ends in {@link FileRejectedException} with a specific reason.
 */
public final class XmlDocuments {

    public static final String XINCLUDE_NAMESPACE = "http://www.w3.org/2001/XInclude";
    static final int MAX_DEPTH = 64;
    static final int MAX_ATTRIBUTES = 256;
    static final int MAX_LISTED = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one kind of XML document is read: its XSD (null: none), expected root element, size limit in bytes. */
    public record Format(Path schema, String rootElement, long maxBytes) {
        public Format {
            Objects.requireNonNull(rootElement);
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
        }
    }

    private record CompiledSchema(FileTime modified, Schema schema) {
    }

    private final Map<Path, CompiledSchema> schemas = new ConcurrentHashMap<>();

    /**
     * Guards, validates and maps the document; {@code parameters} are handed to the stylesheet (e.g. {@code instance}).
     * Returns the mapped drafts, in document order.
     */
    public List<Object> read(Supplier<InputStream> input, Format format, Templates mapping, Map<String, String> parameters) {
        guard(input, format);
        if (format.schema() != null) {
            validate(input, format);
        }
        return map(input, format, mapping, parameters);
    }

    /** Pass 1: refuses what must never reach a parser that resolves anything; see the class comment. */
    void guard(Supplier<InputStream> input, Format format) {
        XMLInputFactory factory = guardFactory();
        try (LimitedInputStream in = new LimitedInputStream(input.get(), format.maxBytes())) {
            if (in.isEmpty()) {
                throw new FileRejectedException("The file is empty (0 bytes)");
            }
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                int depth = 0;
                boolean rootSeen = false;
                while (reader.hasNext()) {
                    int event = reader.next();
                    switch (event) {
                        case XMLStreamConstants.DTD -> throw new FileRejectedException("DOCTYPE not allowed (line "
                                + reader.getLocation().getLineNumber() + "): a document with a DTD is refused unread, "
                                + "its entities and external references are never resolved");
                        case XMLStreamConstants.ENTITY_REFERENCE -> throw new FileRejectedException("Entity reference &"
                                + reader.getLocalName() + "; not allowed (line " + reader.getLocation().getLineNumber() + ")");
                        case XMLStreamConstants.START_ELEMENT -> {
                            depth++;
                            int line = reader.getLocation().getLineNumber();
                            if (XINCLUDE_NAMESPACE.equals(reader.getNamespaceURI())) {
                                throw new FileRejectedException("XInclude not allowed: element <" + (reader.getPrefix() == null || reader.getPrefix().isEmpty() ? "" : reader.getPrefix() + ":") + reader.getLocalName()
                                        + "> (line " + line + ") would pull in other content");
                            }
                            if (depth > MAX_DEPTH) {
                                throw new FileRejectedException("The document is nested deeper than " + MAX_DEPTH
                                        + " elements (line " + line + ")");
                            }
                            if (reader.getAttributeCount() > MAX_ATTRIBUTES) {
                                throw new FileRejectedException("Element <" + reader.getLocalName() + "> (line " + line
                                        + ") has more than " + MAX_ATTRIBUTES + " attributes");
                            }
                            for (int i = 0; i < reader.getAttributeCount(); i++) {
                                if (XINCLUDE_NAMESPACE.equals(reader.getAttributeNamespace(i))) {
                                    throw new FileRejectedException("XInclude not allowed: attribute "
                                            + reader.getAttributeName(i) + " (line " + line + ")");
                                }
                            }
                            if (!rootSeen) {
                                rootSeen = true;
                                if (!format.rootElement().equals(reader.getLocalName())) {
                                    throw new FileRejectedException("The document is a <" + reader.getLocalName()
                                            + ">, not the expected <" + format.rootElement() + ">");
                                }
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> depth--;
                        default -> {
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw rejection(e, e.getLocation(), format);
        } catch (IOException e) {
            if (e instanceof TooLargeException) {
                throw tooLarge(format);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Pass 2: every violation of the dialect's XSD, with its line, rejects the file. */
    void validate(Supplier<InputStream> input, Format format) {
        List<RecordError> errors = new ArrayList<>();
        int[] count = { 0 };
        Validator validator = schema(format.schema()).newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setResourceResolver((type, namespace, publicId, systemId, base) -> {
                throw new IllegalStateException("External resource not allowed: " + systemId);
            });
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    count[0]++;
                    if (errors.size() < MAX_LISTED) {
                        errors.add(new RecordError(e.getLineNumber(), "column " + e.getColumnNumber() + ": " + e.getMessage()));
                    }
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
        } catch (SAXException e) {
            throw new IllegalStateException("XML validator cannot be secured", e);
        }
        try (InputStream in = new LimitedInputStream(input.get(), format.maxBytes())) {
            validator.validate(new SAXSource(secureReader(), new InputSource(in)));
        } catch (SAXParseException e) {
            throw new FileRejectedException("The file is not well-formed XML: line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException e) {
            throw new FileRejectedException("The file could not be validated: " + e.getMessage());
        } catch (IOException e) {
            if (e instanceof TooLargeException) {
                throw tooLarge(format);
            }
            throw new UncheckedIOException(e);
        }
        if (count[0] > 0) {
            throw new FileRejectedException(count[0] + " violation" + (count[0] == 1 ? "" : "s") + " of the schema "
                    + format.schema().getFileName() + "; nothing of this file is published", errors);
        }
    }

    /** Pass 3: the XSLT mapping; its text output is JSON, a list of drafts or a single one. */
    List<Object> map(Supplier<InputStream> input, Format format, Templates mapping, Map<String, String> parameters) {
        StringWriter out = new StringWriter();
        try (InputStream in = new LimitedInputStream(input.get(), format.maxBytes())) {
            Transformer transformer = mapping.newTransformer();
            parameters.forEach(transformer::setParameter);
            transformer.transform(new SAXSource(secureReader(), new InputSource(in)), new StreamResult(out));
        } catch (TransformerException e) {
            SourceLocator at = e.getLocator();
            throw new FileRejectedException("The mapping failed on this document"
                    + (at != null && at.getLineNumber() > 0 ? " (mapping line " + at.getLineNumber() + ")" : "") + ": "
                    + e.getMessage());
        } catch (IOException e) {
            if (e instanceof TooLargeException) {
                throw tooLarge(format);
            }
            throw new UncheckedIOException(e);
        }
        Object result;
        try {
            result = JSON.readValue(out.toString(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The XSLT mapping did not produce JSON: " + e.getOriginalMessage());
        }
        if (result instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return result == null ? List.of() : List.of(result);
    }

    private Schema schema(Path file) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("XML schema not readable: " + file, e);
        }
        return schemas.compute(file.toAbsolutePath().normalize(), (path, known) -> {
            if (known != null && known.modified().equals(modified)) {
                return known;
            }
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            try {
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                // the dialect's schema may include or import files beside it, nothing remote
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
                return new CompiledSchema(modified, factory.newSchema(path.toFile()));
            } catch (SAXException e) {
                throw new IllegalStateException("XML schema " + path + " does not compile: " + e.getMessage(), e);
            }
        }).schema();
    }

    /** The guard pass's StAX factory: the JDK's own, DTDs and external entities off, no resolver that reaches out. */
    static XMLInputFactory guardFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("External resource not allowed: " + systemId);
        });
        return factory;
    }

    /**
     * A namespace-aware SAX parser (the JDK's own) that fails on a DOCTYPE, never loads external DTDs or entities and
     * has an entity resolver that refuses everything: what the validator and the XSLT processor read through.
     */
    static XMLReader secureReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("External entity not allowed: " + systemId);
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be secured", e);
        }
    }

    private static FileRejectedException rejection(XMLStreamException e, Location at, Format format) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof XMLStreamException nested ? nested.getNestedException() : null) {
            if (t instanceof TooLargeException) {
                return tooLarge(format);
            }
            if (t instanceof CharConversionException) {
                return new FileRejectedException("Line " + (at == null ? "?" : at.getLineNumber())
                        + " is not valid text in the document's encoding: the file has the wrong encoding (" + t.getMessage() + ")");
            }
        }
        String where = at == null ? "" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // the JDK prefixes its messages with the location it also reports; keep the reason only
        int reason = message.indexOf("Message: ");
        return new FileRejectedException("The file is not well-formed XML: " + where
                + (reason >= 0 ? message.substring(reason + "Message: ".length()) : message));
    }

    private static FileRejectedException tooLarge(Format format) {
        return new FileRejectedException("The file is larger than the " + format.maxBytes()
                + " bytes an XML document of this channel may have (parameter maxDocumentBytes); it was not parsed");
    }

    /** Thrown by {@link LimitedInputStream} past its limit. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("document too large", null);
        }
    }

    /** Counts what is read and fails past the limit, so that an oversized document is never parsed to its end. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;
        private int first = -2;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        boolean isEmpty() throws IOException {
            if (first == -2) {
                first = super.read();
                if (first >= 0) {
                    count(1);
                }
            }
            return first < 0;
        }

        @Override
        public int read() throws IOException {
            if (first != -2) {
                int b = first;
                first = -2;
                if (b >= 0) {
                    return b;
                }
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (first != -2) {
                int b = first;
                first = -2;
                if (b < 0) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip not supported");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > limit) {
                throw new TooLargeException();
            }
        }
    }
}
