package io.periscope.agent;

import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code periscope-agent}; every flag also reads {@code PERISCOPE_AGENT_<FLAG>}. */
@Command(name = "periscope-agent", mixinStandardHelpOptions = true, version = "periscope-agent " + Agent.VERSION,
    description = "Runs inside a private cluster and dials out to the Periscope server over mTLS.")
public final class AgentMain implements Callable<Integer> {
  private static final String SA = "/var/run/secrets/kubernetes.io/serviceaccount/";

  @Option(names = "--server", required = true, defaultValue = "${env:PERISCOPE_AGENT_SERVER}",
      description = "Tunnel address host:port (env PERISCOPE_AGENT_SERVER).")
  String server;

  @Option(names = "--token", defaultValue = "${env:PERISCOPE_AGENT_TOKEN}",
      description = "Single-use registration token; needed only until the state dir holds a certificate (env PERISCOPE_AGENT_TOKEN).")
  String token;

  @Option(names = "--ca-bundle", required = true, defaultValue = "${env:PERISCOPE_AGENT_CA_BUNDLE}",
      description = "PEM file trusted for the server's certificate (env PERISCOPE_AGENT_CA_BUNDLE).")
  Path caBundle;

  @Option(names = "--state-dir", required = true, defaultValue = "${env:PERISCOPE_AGENT_STATE_DIR}",
      description = "Directory for agent.key and agent.crt, rewritten when the certificate is renewed (two thirds into its validity); must be writable (env PERISCOPE_AGENT_STATE_DIR).")
  Path stateDir;

  @Option(names = "--apiserver", defaultValue = "${env:PERISCOPE_AGENT_APISERVER:-https://kubernetes.default.svc}",
      description = "Local apiserver URL (env PERISCOPE_AGENT_APISERVER; default ${DEFAULT-VALUE}).")
  URI apiserver;

  @Option(names = "--token-file", defaultValue = "${env:PERISCOPE_AGENT_TOKEN_FILE:-" + SA + "token}",
      description = "The agent's ServiceAccount token file, re-read on change (default ${DEFAULT-VALUE}).")
  Path tokenFile;

  @Option(names = "--apiserver-ca", defaultValue = "${env:PERISCOPE_AGENT_APISERVER_CA:-" + SA + "ca.crt}",
      description = "The apiserver's CA; ignored when the file does not exist (default ${DEFAULT-VALUE}).")
  Path apiserverCa;

  @Option(names = "--max-concurrent", defaultValue = "${env:PERISCOPE_AGENT_MAX_CONCURRENT:-128}",
      description = "Proxied requests in flight at once (default ${DEFAULT-VALUE}).")
  int maxConcurrent;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    var settings = new AgentSettings(server, Optional.ofNullable(token), caBundle, stateDir, apiserver, tokenFile,
        Optional.of(apiserverCa).filter(Files::isRegularFile), maxConcurrent, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(30));
    Agent agent;
    try {
      agent = Agent.start(settings);
    } catch (RuntimeException e) {
      System.err.println("periscope-agent: " + e.getMessage());
      return 2;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
