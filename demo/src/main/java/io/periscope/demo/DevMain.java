package io.periscope.demo;

import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.config.ConfigException;
import io.periscope.demo.DevServer.ClusterSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code periscope dev}: the console on 127.0.0.1 with a development IdP and your kubeconfig or the demo fleet. */
@Command(name = "periscope-dev", mixinStandardHelpOptions = true, version = "periscope-dev 0.1.0",
    description = {"Runs Periscope for development on 127.0.0.1 with a built-in identity provider.",
        "Clusters: every context of --kubeconfig, else of $KUBECONFIG or ~/.kube/config when present,"
            + " else an embedded demo fleet: an EKS production cluster, a staging cluster and a private one behind an agent."})
public final class DevMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "Console HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--kubeconfig", description = "Kubeconfig whose contexts become clusters")
  Path kubeconfig;

  @Option(names = "--demo", description = "Use the embedded demo fleet even when a kubeconfig exists")
  boolean demo;

  @Option(names = "--aws-deny", split = ",", paramLabel = "ACTION",
      description = "Demo only: refuse these IAM actions to Periscope's role in the demo AWS account, e.g. iam:GetPolicyVersion"
          + " (AWS Access then shows its locked pane naming them)")
  List<String> awsDeny = List.of();

  @Option(names = "--idp-port", defaultValue = "0", description = "Development IdP port on 127.0.0.1 (default: ephemeral)")
  int idpPort;

  public static void main(String[] args) {
    io.periscope.k8s.HttpClientBuffers.applyDefaults();
    System.exit(new CommandLine(new DevMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    ClusterSource source;
    DevServer server;
    try {
      source = clusterSource();
      server = DevServer.start(new DevServer.Options(port, idpPort, source, System.getenv()));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("periscope dev: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping Periscope dev mode...");
      server.close();
      stopped.countDown();
    }, "periscope-dev-shutdown"));
    printBanner(System.out, server);
    stopped.await();
    return 0;
  }

  private ClusterSource clusterSource() {
    if (demo) {
      return new ClusterSource.Demo(awsDeny);
    }
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " is not a readable file");
      }
      return new ClusterSource.Kubeconfig(kubeconfig);
    }
    Path fallback = KubeconfigConnector.defaultKubeconfig();
    if (!awsDeny.isEmpty() && (kubeconfig != null || Files.isReadable(fallback))) {
      throw new IllegalArgumentException("--aws-deny changes the demo's AWS account: use it with --demo or without a kubeconfig");
    }
    return Files.isReadable(fallback) ? new ClusterSource.Kubeconfig(fallback) : new ClusterSource.Demo(awsDeny);
  }

  static void printBanner(PrintStream out, DevServer server) {
    String clusters = server.clusters().stream()
        .map(c -> c.name() + " (" + (server.fleet().isPresent() ? c.backend().wireName() : "context " + c.context().orElse("?")) + ")")
        .collect(Collectors.joining(", "));
    Optional<String> demoNote = server.fleet().map(f -> "  The demo fleet and its AWS account (" + f.aws().account().accountId() + ", at "
        + f.aws().endpoint() + ") are in memory; they forget every change when you stop.");
    out.println();
    out.println("Periscope is running: open " + server.url());
    out.println("  Clusters: " + clusters);
    demoNote.ifPresent(out::println);
    out.println("  Sign in at the development IdP (" + server.idp().issuer() + "): type any user name and tick groups.");
    out.println("    sre-admins -> admin (and reads everyone's audit)   leads -> maintain   developers -> write");
    out.println("    sre-oncall -> triage   viewers -> read   any other group -> signed in, but no cluster access");
    out.println("  Listening on 127.0.0.1 only. Press Ctrl-C to stop.");
    out.println();
  }
}
