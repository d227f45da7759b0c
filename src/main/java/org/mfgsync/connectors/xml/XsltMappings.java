package org.mfgsync.connectors.xml;

import javax.xml.transform.Templates;

import org.mfgsync.governance.reload.MappingRegistry;
import org.mfgsync.governance.reload.MappingValidator;

/** Finds an XSLT mapping as it is in force in the hot reload's {@link MappingRegistry} (compiled by Saxon). */
public final class XsltMappings {

    private XsltMappings() {
    }

    /** {@code mapping}: the file relative to the mappings folder ({@code supplier-cobalt/x.xsl}) or its name. */
    public static Templates templates(MappingRegistry registry, String mapping) {
        String name = mapping.replaceFirst("\\.xslt?$", "");
        MappingValidator.Compiled compiled = registry.get(name).orElseThrow(() -> new IllegalStateException(
                "No XSLT mapping " + mapping + " is in force (missing, or rejected when it was loaded)"));
        if (!(compiled.compiled() instanceof Templates templates)) {
            throw new IllegalStateException("The mapping " + compiled.source().path() + " is not XSLT");
        }
        return templates;
    }
}
