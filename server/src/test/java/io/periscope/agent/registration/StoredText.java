package io.periscope.agent.registration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads every value of the agent registration tables as text. */
final class StoredText {
  private StoredText() {}

  static List<String> of(DataSource ds) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String table : List.of("agent_tokens", "agent_certificates", "agent_revocations", "agent_deregistrations", "agent_cluster_identities")) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              out.add(String.valueOf(rs.getObject(i)));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
