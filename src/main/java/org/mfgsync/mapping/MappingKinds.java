package org.mfgsync.mapping;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.ErrorListener;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.SourceLocator;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;
import org.mfgsync.mapping.jsonata.CompiledJsonata;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The mapping kinds there are, validated by the hot reload and applied by the {@link MappingRegistry}: JSONata
 * ({@code .jsonata}), XSLT ({@code .xsl}, {@code .xslt}) and workflow data ({@code .yaml}: plant routing, supplier
 * profiles, policies).
 */
public final class MappingKinds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.mapping");
    private static final List<MappingKind> ALL = List.of(new JsonataKind(), new XsltKind(), new WorkflowDataKind());

    private MappingKinds() {
    }

    public static List<MappingKind> all() {
        return ALL;
    }

    public static Optional<MappingKind> forFile(String path) {
        return ALL.stream().filter(k -> k.extensions().stream().anyMatch(path::endsWith))
                .filter(k -> !(k instanceof WorkflowDataKind) || WorkflowDataKind.isDataFile(path)).findFirst();
    }

    /** A mapping's name: its path relative to the mappings folder without the kind's extension. */
    public static String nameOf(String path, MappingKind kind) {
        for (String ext : kind.extensions()) {
            if (path.endsWith(ext)) {
                return path.substring(0, path.length() - ext.length());
            }
        }
        return path;
    }

    /** Line (1-based) of a character offset in a text. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static final class JsonataKind implements MappingKind {
        @Override
        public String name() {
            return "jsonata";
        }

        @Override
        public List<String> extensions() {
            return List.of(".jsonata");
        }

        @Override
        public String sampleExtension() {
            return ".json";
        }

        /**
         * Parses the source once; the parsed expression is kept and shared by every evaluation on every thread.
         * <p>
         * jsonata 0.9.8 kept per-evaluation state on the expression last parsed on a thread (a static ThreadLocal set
         * by the constructor, dashjoin/jsonata-java#93), so it was parsed afresh for each evaluation, the parse being
         * most of the cost of mapping one event. 0.9.9 evaluates through a per-thread copy of the expression, but two
         * traps remain: the constructor still makes the new expression itself the parsing thread's copy, so
         * evaluations on that thread write their last frame into the shared expression, and the next evaluation on
         * any thread starts from it (it sees earlier evaluations' variables); and {@code evaluate(input)} binds the
         * input as {@code $} into the expression's own frame, shared by all threads. So the source is parsed on a
         * thread of its own that never evaluates a mapping ({@link #PARSER}), and the interpreter is given a fresh frame
         * of bindings ({@link CompiledJsonata#interpret}), in which 0.9.9 makes a new frame per evaluation for {@code $}; the shared expression is then only
         * read. {@code JsonataConcurrencyTest} and {@code MappingRegistryTest} hold it to that. What stays per thread
         * is the clock of {@code $now()}/{@code $millis()} (the copy keeps the time it was made): no mapping uses
         * them, and a mapping must be deterministic for its golden tests anyway.
         * <p>
         * The parsed expression is then compiled to Java objects ({@link CompiledJsonata}), which give the
         * interpreter's results several times faster; an expression outside the compiled subset stays interpreted.
         */
        @Override
        public Object compile(String source) throws MappingException {
            try {
                return new Parsed(source, PARSER.submit(() -> CompiledJsonata.of(Jsonata.jsonata(source))).get());
            } catch (ExecutionException failed) {
                Throwable e = failed.getCause();
                if (e instanceof JException j) {
                    throw new MappingException("JSONata does not compile: " + j.getMessage(),
                            j.getLocation() >= 0 ? lineOf(source, j.getLocation()) : null, j);
                }
                throw new MappingException("JSONata does not compile: " + e.getMessage(), null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MappingException("JSONata compilation interrupted", null, e);
            }
        }

        /**
         * The one thread JSONata sources are parsed on: a parsed expression becomes the per-thread state of the thread
         * that parsed it (see {@link #compile}), so that thread must never evaluate a mapping (it only evaluates the
         * names of built-in functions, for the compiler).
         */
        private static final ExecutorService PARSER = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "jsonata-parser");
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public Object compile(String path, String source) throws MappingException {
            Object compiled = compile(source);
            CompiledJsonata program = ((Parsed) compiled).program();
            if (!program.compiled()) {
                LOG.infof("JSONata mapping %s is interpreted, not compiled: %s", path, program.notCompiledBecause());
            }
            return compiled;
        }

        /** A JSONata mapping that compiled: its source and the expression parsed (and compiled) once. */
        record Parsed(String text, CompiledJsonata program) {
        }

        /** Maps JSON-shaped data (maps, lists, strings, numbers, booleans) to the same shapes. */
        static Object evaluate(Object compiled, Object input) {
            return ((Parsed) compiled).program().evaluate(input);
        }

        @Override
        public String apply(Object compiled, String input) throws MappingException {
            try {
                Object result = evaluate(compiled, JSON.readValue(input, Object.class));
                return JSON.writeValueAsString(result);
            } catch (Exception e) {
                throw new MappingException("JSONata failed on the input: " + e.getMessage(), null, e);
            }
        }

        @Override
        public boolean sameOutput(String expected, String actual) throws MappingException {
            try {
                JsonNode want = JSON.readTree(expected);
                return want.equals(JSON.readTree(actual));
            } catch (Exception e) {
                throw new MappingException("expected output is not JSON: " + e.getMessage(), null, e);
            }
        }
    }

    static final class XsltKind implements MappingKind {
        @Override
        public String name() {
            return "xslt";
        }

        @Override
        public List<String> extensions() {
            return List.of(".xsl", ".xslt");
        }

        @Override
        public String sampleExtension() {
            return ".xml";
        }

        @Override
        public Object compile(String source) throws MappingException {
            // Saxon-HE by name (XSLT 3.0): the JAXP lookup may find the JDK's XSLT 1.0 processor first, e.g. when a
            // library sets the javax.xml.transform.TransformerFactory system property
            TransformerFactory factory = new net.sf.saxon.TransformerFactoryImpl();
            Integer[] line = { null };
            factory.setErrorListener(new ErrorListener() {
                @Override
                public void warning(TransformerException e) {
                }

                @Override
                public void error(TransformerException e) throws TransformerException {
                    throw e;
                }

                @Override
                public void fatalError(TransformerException e) throws TransformerException {
                    throw e;
                }
            });
            try {
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                return factory.newTemplates(new StreamSource(new StringReader(source)));
            } catch (TransformerException e) {
                SourceLocator locator = e.getLocator();
                if (locator != null && locator.getLineNumber() > 0) {
                    line[0] = locator.getLineNumber();
                }
                throw new MappingException("XSLT does not compile: " + e.getMessageAndLocation(), line[0], e);
            }
        }

        @Override
        public String apply(Object compiled, String input) throws MappingException {
            try {
                Transformer transformer = ((Templates) compiled).newTransformer();
                transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter out = new StringWriter();
                transformer.transform(new StreamSource(new StringReader(input)), new StreamResult(out));
                return out.toString();
            } catch (TransformerException e) {
                throw new MappingException("XSLT failed on the input: " + e.getMessageAndLocation(), null, e);
            }
        }

        @Override
        public boolean sameOutput(String expected, String actual) throws MappingException {
            Document want = parse(expected);
            Document got = parse(actual);
            return want.isEqualNode(got);
        }

        private static Document parse(String xml) throws MappingException {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setNamespaceAware(true);
                factory.setIgnoringComments(true);
                Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                stripBlankText(document.getDocumentElement());
                document.normalizeDocument();
                return document;
            } catch (Exception e) {
                throw new MappingException("not well-formed XML: " + e.getMessage(), null, e);
            }
        }

        private static void stripBlankText(Node node) {
            Node child = node.getFirstChild();
            while (child != null) {
                Node next = child.getNextSibling();
                if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
                    node.removeChild(child);
                } else if (child.getNodeType() == Node.ELEMENT_NODE) {
                    stripBlankText(child);
                }
                child = next;
            }
        }
    }
}
