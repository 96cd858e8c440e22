package io.periscope.audit.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.audit.store.AuditStore;
import io.periscope.audit.store.ChainVerification;
import io.periscope.audit.store.PostgresAuditStore;
import io.periscope.audit.store.SqliteAuditStore;
import io.periscope.storage.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code periscope audit verify [--db PATH | --postgres-url URL]}: walks the hash chain and
 * prints {@code OK} with the row count, or the first broken link. Exit codes: 0 intact,
 * 1 broken, 2 could not check (missing file, connection refused...). The PostgreSQL password is
 * read from {@code PERISCOPE_STORAGE_POSTGRES_PASSWORD} or {@code --postgres-password-file},
 * never from a flag, so it does not end up in shell history or the process list.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check the audit log's hash chain; exit 0 if intact, 1 at the first broken link, 2 if it could not be checked.")
public final class AuditVerifyCommand implements Callable<Integer> {
  public static final int INTACT = 0;
  public static final int BROKEN = 1;
  public static final int UNCHECKED = 2;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--db", paramLabel = "PATH", description = "SQLite audit database file")
    Path db;

    @Option(names = "--postgres-url", paramLabel = "URL", description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/periscope")
    String postgresUrl;
  }

  @Option(names = "--postgres-user", paramLabel = "USER", description = "Defaults to $PERISCOPE_STORAGE_POSTGRES_USER, then 'periscope'")
  String postgresUser;

  @Option(names = "--postgres-password-file", paramLabel = "FILE", description = "File holding the password (default: $PERISCOPE_STORAGE_POSTGRES_PASSWORD)")
  Path passwordFile;

  @Spec
  CommandSpec spec;

  private final Map<String, String> env;

  public AuditVerifyCommand() {
    this(System.getenv());
  }

  AuditVerifyCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ChainVerification result;
    try (AuditStore store = openStore()) {
      result = store.verify();
    } catch (IllegalArgumentException | IOException e) {
      err.println("error: " + e.getMessage());
      return UNCHECKED;
    } catch (RuntimeException e) {
      err.println("error: could not read the audit log: " + e.getMessage());
      return UNCHECKED;
    }
    if (result.ok()) {
      out.printf("OK: %d rows verified (rows %d..%d; head hash %s)%n",
          result.rowsChecked(), result.anchorId() + 1, result.headId(), result.headHash());
      return INTACT;
    }
    ChainVerification.BrokenLink b = result.brokenLink().orElseThrow();
    out.printf("BROKEN at row %d: %s%n  expected hash %s%n  found hash    %s%n  rows verified before the break: %d%n",
        b.rowId(), b.problem(), b.expectedHash(), b.foundHash(), result.rowsChecked());
    return BROKEN;
  }

  private AuditStore openStore() throws IOException {
    if (source.db != null) {
      if (!Files.isRegularFile(source.db)) {
        throw new IllegalArgumentException("no SQLite audit database at " + source.db);
      }
      return SqliteAuditStore.open(source.db);
    }
    String user = postgresUser != null ? postgresUser : env.getOrDefault("PERISCOPE_STORAGE_POSTGRES_USER", "periscope");
    String password = passwordFile != null
        ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
        : env.getOrDefault("PERISCOPE_STORAGE_POSTGRES_PASSWORD", "");
    HikariDataSource ds = PostgresDatabase.connect(source.postgresUrl, user, password, 2);
    return PostgresAuditStore.owning(ds);
  }
}
