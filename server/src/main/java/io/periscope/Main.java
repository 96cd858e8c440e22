package io.periscope;

import io.periscope.config.ConfigException;
import io.periscope.config.ConfigLoader;
import io.periscope.config.PeriscopeConfig;
import io.periscope.storage.StorageException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The production entry point: {@code periscope [--config FILE] [--port N]}. */
@Command(name = "periscope", mixinStandardHelpOptions = true, version = "periscope 0.1.0",
    description = "Multi-cluster Kubernetes console: every call impersonates the signed-in person.",
    subcommands = {Main.AuditCommand.class, Main.IamCommand.class})
public final class Main implements Callable<Integer> {
  @Option(names = "--config", description = "YAML config file (default: $PERISCOPE_CONFIG or /etc/periscope/config.yaml)")
  Path configFile;

  @Option(names = "--port", description = "HTTP port (overrides server.port)")
  Integer port;

  public static void main(String[] args) {
    io.periscope.k8s.HttpClientBuffers.applyDefaults();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PeriscopeApp app;
    try {
      PeriscopeConfig config = ConfigLoader.load(Optional.of(resolveConfigFile()), System.getenv(), overrides());
      app = PeriscopeApp.builder(config).storageFromConfig().start();
    } catch (ConfigException e) {
      // a bad key, clusters.yaml, or an agent CA key that does not open the CA in the database
      System.err.println("periscope: invalid configuration: " + e.getMessage());
      return 2;
    } catch (StorageException e) {
      System.err.println("periscope: cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  private Path resolveConfigFile() {
    if (configFile != null) {
      return configFile;
    }
    String env = System.getenv("PERISCOPE_CONFIG");
    return Path.of(env != null && !env.isBlank() ? env : "/etc/periscope/config.yaml");
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>();
    if (port != null) {
      o.put("server.port", port.toString());
    }
    return o;
  }

  /** {@code periscope audit verify ...}: offline checks of the audit store. */
  @Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit store tools.",
      subcommands = io.periscope.audit.cli.AuditVerifyCommand.class)
  static final class AuditCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. 'periscope audit verify --db FILE'");
    }
  }

  /** {@code periscope iam evaluate ...}: the IAM policy engine offline, for policies before they are attached. */
  @Command(name = "iam", mixinStandardHelpOptions = true, description = "IAM policy tools.",
      subcommands = io.periscope.aws.iam.cli.IamEvaluateCommand.class)
  static final class IamCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "name a subcommand, e.g. 'periscope iam evaluate --action s3:DeleteBucket policy.json'");
    }
  }
}
