package org.mfgsync.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.mfgsync.partner.PlantTable;
import org.mfgsync.partner.WorkflowDataDocument;

/**
 * Workflow data under {@code mappings/}: YAML files an integration engineer edits (plant → ERP routing, supplier
 * profiles, policies). Each folder or file binds to one record type; a file that does not bind (unknown or
 * misspelled key, wrong type) or breaks its type's rules is rejected with its line, and the previous version stays in
 * force. The compiled form is the bound record.
 */
public final class WorkflowDataKind implements MappingKind {

    /** Record type by place in the mappings folder: a file name, or a folder (ending in /) for one document per file. */
    static final Map<String, Class<? extends WorkflowDataDocument>> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("routing/plants.yaml", PlantTable.class);
        TYPES.put("quality/containment-policy.yaml", org.mfgsync.quality.ContainmentPolicy.class);
        TYPES.put("suppliers/", org.mfgsync.purchasing.SupplierProfile.class);
        TYPES.put("policies/supplier-commit-risk.yaml", org.mfgsync.purchasing.SupplierCommitRiskPolicy.class);
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new JavaTimeModule())
            .build();

    /** Data files are YAML outside the golden-test folders. */
    static boolean isDataFile(String path) {
        return !path.contains("/tests/") && !path.startsWith("tests/");
    }

    @Override
    public String name() {
        return "workflow data";
    }

    @Override
    public List<String> extensions() {
        return List.of(".yaml");
    }

    @Override
    public String sampleExtension() {
        // data has no golden tests: its rules are checked when it is bound
        return ".no-golden-tests";
    }

    @Override
    public Object compile(String source) throws MappingException {
        throw new MappingException("workflow data is compiled by its place in the mappings folder", null, null);
    }

    @Override
    public Object compile(String path, String source) throws MappingException {
        Class<? extends WorkflowDataDocument> type = typeOf(path);
        if (type == null) {
            throw new MappingException("no workflow data is kept at " + path + "; known places: "
                    + String.join(", ", TYPES.keySet()), null, null);
        }
        WorkflowDataDocument document;
        try {
            document = YAML.readValue(source, type);
        } catch (JsonMappingException e) {
            throw new MappingException(e.getOriginalMessage() + pathOf(e), lineOf(source, e), e);
        } catch (Exception e) {
            throw new MappingException("not valid YAML: " + e.getMessage(), null, e);
        }
        if (document == null) {
            throw new MappingException("the file is empty", null, null);
        }
        try {
            document.check();
        } catch (IllegalArgumentException e) {
            throw new MappingException(e.getMessage(), null, e);
        }
        return document;
    }

    static Class<? extends WorkflowDataDocument> typeOf(String path) {
        for (var entry : TYPES.entrySet()) {
            String place = entry.getKey();
            if (place.endsWith("/") ? path.startsWith(place) && !path.substring(place.length()).contains("/") : path.equals(place)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * The line of the key the failure names: records are bound through their constructor, so the parser's location
     * is already past the object by then.
     */
    private static Integer lineOf(String source, JsonMappingException e) {
        var path = e.getPath();
        String key = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
        if (key != null) {
            Pattern keyLine = Pattern.compile("^\\s*(- )?\"?" + Pattern.quote(key) + "\"?\\s*:");
            String[] lines = source.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (keyLine.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
        }
        JsonLocation at = e.getLocation();
        return at != null && at.getLineNr() > 0 ? at.getLineNr() : null;
    }

    private static String pathOf(JsonMappingException e) {
        String at = e.getPathReference();
        return at == null || at.isEmpty() ? "" : " (at " + at.replaceAll("^[^\\[\"]*\\[", "[") + ")";
    }

    @Override
    public String apply(Object compiled, String input) throws MappingException {
        throw new MappingException("workflow data is not applied to documents", null, null);
    }

    @Override
    public boolean sameOutput(String expected, String actual) {
        return expected.equals(actual);
    }
}
