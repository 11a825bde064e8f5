package io.gigaslack.testing;

import io.gigaslack.store.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads every column of every row of every table in the database's schema (whatever the table, so a new one is
 * covered too) and says where any of the given secrets appears in plain text, as "table.column contains secret #n".
 */
public final class PlainTextScan {
    private PlainTextScan() {}

    public static List<String> find(Database db, Collection<String> secrets) {
        List<String> secretList = List.copyOf(secrets);
        List<String> found = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            if (tables.isEmpty()) {
                throw new AssertionError("no tables found in schema " + c.getSchema());
            }
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String v = rs.getString(i);
                            for (int k = 0; v != null && k < secretList.size(); k++) {
                                if (v.contains(secretList.get(k))) {
                                    found.add(table + "." + rs.getMetaData().getColumnName(i) + " contains secret #"
                                            + k);
                                }
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** The tables of the database's schema, lower case (to show the scan covered the app's tables). */
    public static List<String> tables(Database db) {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }
}
