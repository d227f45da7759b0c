package org.mfgsync.connectors.staging;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One document claimed from an export staging table: its header row (whose key column identifies it) and its item
 * rows, as JSON-shaped data for the mapping: column names upper case (PostgreSQL reports unquoted names in lower
 * case, H2 in upper case), text without trailing blanks, numbers as numbers, timestamps as ISO-8601 text.
 */
public record StagedDocument(String key, Map<String, Object> header, List<Map<String, Object>> items) {

    /** What the instance's JSONata mapping sees: {@code {instance, header: {...}, items: [{...}, ...]}}. */
    public Map<String, Object> mappingInput(String instance) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("instance", instance);
        input.put("header", header);
        input.put("items", items);
        return input;
    }

    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i).toUpperCase(Locale.ROOT), value(rs.getObject(i)));
        }
        return row;
    }

    static Object value(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof String text) {
            return text.stripTrailing();
        }
        if (column instanceof BigDecimal || column instanceof Integer || column instanceof Long || column instanceof Short) {
            return column;
        }
        if (column instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        if (column instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (column instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (column instanceof TemporalAccessor || column instanceof Boolean) {
            return column instanceof Boolean ? column : column.toString();
        }
        return column.toString();
    }
}
