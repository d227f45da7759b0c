package org.mfgsync.connectors.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement from a connector instance's route parameters with camel-sql style named parameters ({@code :#name}),
 * turned into a JDBC statement with bound values: the SQL text is configuration, never built from data.
 */
public final class NamedStatement {

    private static final Pattern PARAMETER = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");

    private final String sql;
    private final List<String> names;

    private NamedStatement(String sql, List<String> names) {
        this.sql = sql;
        this.names = names;
    }

    public static NamedStatement parse(String text) {
        Matcher m = PARAMETER.matcher(text);
        StringBuilder sql = new StringBuilder();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return new NamedStatement(sql.toString(), List.copyOf(names));
    }

    public List<String> names() {
        return names;
    }

    /** Prepares the statement and binds every named parameter from {@code values}; a missing name fails. */
    public PreparedStatement prepare(Connection connection, Map<String, ?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("No value for the statement parameter :#" + name + " (have " + values.keySet() + ")");
                }
                statement.setObject(i + 1, values.get(name));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return sql;
    }
}
