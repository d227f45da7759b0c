package org.mfgsync.canonical;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The XML form of canonical documents, for XML partners (schemas/xsd/v1), and its validation against the XSDs.
 * <p>
 * The mapping is fixed and small: the root element is the type name ({@code InspectionCompleted}) in namespace
 * {@value #NAMESPACE}; an object property becomes a child element of the same name; a null or absent property has no
 * element; an array {@code lines} becomes a wrapper element {@code <lines>} holding one {@code <line>} per entry
 * (the name without its plural s, {@code ies} → {@code y}); numbers are written plain (no exponent).
 * <p>
 * XSD validation uses the JDK's validator with secure processing: no DTDs, no external entities; schemas may include
 * only local files next to them.
 */
public final class XmlForm {

    public static final String NAMESPACE = "https://schemas.mfgsync.org/xsd/v1";

    private XmlForm() {
    }

    /** Name of the element that holds one entry of the array {@code arrayName}. */
    public static String itemName(String arrayName) {
        if (arrayName.endsWith("ies")) {
            return arrayName.substring(0, arrayName.length() - 3) + "y";
        }
        if (arrayName.endsWith("s")) {
            return arrayName.substring(0, arrayName.length() - 1);
        }
        return arrayName + "Entry";
    }

    /** The XML form of a JSON document whose type is {@code rootName}. */
    public static Document toXml(String rootName, JsonNode json) {
        try {
            Document doc = secureDocumentBuilders().newDocumentBuilder().newDocument();
            Element root = doc.createElementNS(NAMESPACE, rootName);
            doc.appendChild(root);
            writeChildren(doc, root, json);
            return doc;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toXmlString(String rootName, JsonNode json) {
        try {
            TransformerFactory transformers = TransformerFactory.newInstance();
            transformers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var transformer = transformers.newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(toXml(rootName, json)), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeChildren(Document doc, Element parent, JsonNode object) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                continue;
            }
            Element element = doc.createElementNS(NAMESPACE, field.getKey());
            parent.appendChild(element);
            if (value.isArray()) {
                for (JsonNode entry : value) {
                    Element item = doc.createElementNS(NAMESPACE, itemName(field.getKey()));
                    element.appendChild(item);
                    writeValue(doc, item, entry);
                }
            } else {
                writeValue(doc, element, value);
            }
        }
    }

    private static void writeValue(Document doc, Element element, JsonNode value) {
        if (value.isObject()) {
            writeChildren(doc, element, value);
        } else if (value.isNumber()) {
            element.setTextContent(value.decimalValue().stripTrailingZeros().toPlainString());
        } else if (!value.isNull()) {
            element.setTextContent(value.asText());
        }
    }

    /** Compiles an XSD; it may include other XSDs from the local file system only. */
    public static Schema compile(Path xsd) throws SAXException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        return factory.newSchema(xsd.toFile());
    }

    /** Every error the XSD reports for the document (empty when valid). */
    public static List<String> violations(Schema schema, Document document) {
        return validate(schema, new DOMSource(document)).stream().map(SchemaViolation::message).toList();
    }

    /**
     * Every error the XSD reports for an XML text (empty when valid), each at its line and column, the rule being the
     * XSD constraint that failed ({@code cvc-pattern-valid}); a document that is not well-formed or declares a DTD
     * gets one violation with rule {@code well-formed}.
     */
    public static List<SchemaViolation> violations(Schema schema, String xml) {
        try {
            SAXParserFactory parsers = SAXParserFactory.newInstance();
            parsers.setNamespaceAware(true);
            parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            parsers.setXIncludeAware(false);
            XMLReader reader = parsers.newSAXParser().getXMLReader();
            return validate(schema, new SAXSource(reader, new InputSource(new StringReader(xml))));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SchemaViolation> validate(Schema schema, Source source) {
        List<SchemaViolation> errors = new ArrayList<>();
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    errors.add(violationOf(e, false));
                }

                @Override
                public void fatalError(SAXParseException e) {
                    errors.add(violationOf(e, true));
                }
            });
            validator.validate(source);
        } catch (SAXParseException e) {
            if (errors.isEmpty()) {
                errors.add(violationOf(e, true));
            }
        } catch (SAXException e) {
            errors.add(new SchemaViolation("/", "well-formed", e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return errors;
    }

    private static SchemaViolation violationOf(SAXParseException e, boolean fatal) {
        String path = e.getLineNumber() > 0 ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() : "/";
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf(": ");
        boolean coded = !fatal && message.startsWith("cvc-") && colon > 0;
        return new SchemaViolation(path, coded ? message.substring(0, colon) : fatal ? "well-formed" : "xsd",
                coded ? message.substring(colon + 2) : message);
    }

    private static DocumentBuilderFactory secureDocumentBuilders() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
