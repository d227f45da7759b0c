package org.mfgsync.connectors.xml;

import javax.xml.transform.Templates;

import org.mfgsync.mapping.CompiledMapping;
import org.mfgsync.mapping.MappingRegistry;

/**
 * Finds an XSLT mapping as it is in force in the {@link MappingRegistry} (compiled by Saxon, swapped by the hot
 * reload).
 */
public final class XsltMappings {

    private XsltMappings() {
    }

    /** {@code mapping}: the file relative to the mappings folder ({@code supplier-cobalt/x.xsl}) or its name. */
    public static Templates templates(MappingRegistry registry, String mapping) {
        String name = mapping.replaceFirst("\\.xslt?$", "");
        CompiledMapping compiled = registry.get(name).orElseThrow(() -> new IllegalStateException(
                "No XSLT mapping " + mapping + " is in force (missing, or rejected when it was loaded)"));
        if (!(compiled.compiled() instanceof Templates templates)) {
            throw new IllegalStateException("The mapping " + compiled.path() + " is not XSLT");
        }
        return templates;
    }
}
