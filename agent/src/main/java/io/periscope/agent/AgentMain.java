package io.periscope.agent;

import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.link.StateLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code periscope-agent}. Every flag {@code --x-y} can also be set as
 * {@code PERISCOPE_AGENT_X_Y} ({@link AgentSetting} lists them); a flag wins over the variable,
 * and any other {@code PERISCOPE_AGENT_*} variable is refused as a typo.
 */
@Command(name = "periscope-agent", mixinStandardHelpOptions = true, version = "periscope-agent " + Agent.VERSION,
    description = "Runs inside a private cluster and dials out to the Periscope server over mTLS.")
public final class AgentMain implements Callable<Integer> {
  private static final String SA = "/var/run/secrets/kubernetes.io/serviceaccount/";
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");

  @Option(names = "--server", description = "Tunnel address host:port, e.g. periscope-tunnel.example.com:8443. The agent keeps"
      + " a tunnel to every address the host resolves to (each server replica, with a headless Service).")
  String server;

  @Option(names = "--ca-bundle", description = "PEM file trusted for the server's certificate.")
  Path caBundle;

  @Option(names = "--state-secret", description = "Secret in --namespace that holds the key and certificate (data keys agent.key,"
      + " agent.crt); it must exist, the agent only gets and updates it. In a cluster (the Helm chart sets it).")
  String stateSecret;

  @Option(names = "--state-dir", description = "Directory for agent.key and agent.crt instead of a Secret; must be writable.")
  Path stateDir;

  @Option(names = "--namespace", description = "Namespace of --state-secret (default: the pod's, from " + SA + "namespace).")
  String namespace;

  @Option(names = "--token", description = "Single-use registration token; needed only until the state holds a certificate.")
  String token;

  @Option(names = "--cluster", description = "The cluster this agent serves (the server's clusters[].name); a token or stored"
      + " certificate for another cluster is refused. Optional.")
  String cluster;

  @Option(names = "--health-port", defaultValue = "8081",
      description = "Port of GET /healthz (process up) and GET /readyz (tunnel up); 0 picks a free one (default ${DEFAULT-VALUE}).")
  int healthPort;

  @Option(names = "--apiserver", defaultValue = "https://kubernetes.default.svc",
      description = "Local apiserver URL (default ${DEFAULT-VALUE}).")
  URI apiserver;

  @Option(names = "--token-file", defaultValue = SA + "token",
      description = "The agent's ServiceAccount token file, re-read on change (default ${DEFAULT-VALUE}).")
  Path tokenFile;

  @Option(names = "--apiserver-ca", defaultValue = SA + "ca.crt",
      description = "The apiserver's CA; ignored when the file does not exist (default ${DEFAULT-VALUE}).")
  Path apiserverCa;

  @Option(names = "--max-concurrent", defaultValue = "128",
      description = "Proxied requests in flight at once (default ${DEFAULT-VALUE}).")
  int maxConcurrent;

  @Option(names = "--resolve-interval-seconds", defaultValue = "30",
      description = "How often --server's host is resolved again, adding a tunnel for a new address and closing the tunnel of"
          + " one that vanished (default ${DEFAULT-VALUE}).")
  long resolveIntervalSeconds;

  @Spec
  CommandSpec spec;

  private final Map<String, String> env;
  private final Path podNamespaceFile;

  public AgentMain() {
    this(System.getenv());
  }

  /** Reads {@code PERISCOPE_AGENT_*} settings from {@code env} instead of the process environment. */
  public AgentMain(Map<String, String> env) {
    this(env, Path.of(SA + "namespace"));
  }

  AgentMain(Map<String, String> env, Path podNamespaceFile) {
    this.env = Map.copyOf(env);
    this.podNamespaceFile = podNamespaceFile;
  }

  /** What a start needs: the agent's settings and the health port. */
  public record Launch(AgentSettings settings, int healthPort) {}

  /** The settings were missing, unknown or invalid; the message names each problem with its variable and flag. */
  public static final class InvalidSettingsException extends RuntimeException {
    InvalidSettingsException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    Agent.readApiserverInLargeBuffers();
    System.exit(new AgentMain().commandLine().execute(args));
  }

  /** The command line, with every flag defaulting to its {@code PERISCOPE_AGENT_*} variable. */
  public CommandLine commandLine() {
    CommandLine cmd = new CommandLine(this);
    cmd.setDefaultValueProvider(arg -> arg instanceof OptionSpec option
        ? AgentSetting.byFlag(option.longestName()).map(s -> env.get(s.env())).filter(v -> !v.isBlank()).orElse(null)
        : null);
    List<String> footer = new ArrayList<>(List.of("", "Every flag can also be set in the environment:"));
    Arrays.stream(AgentSetting.values()).map(s -> String.format("  %-18s %s", s.flag(), s.env())).forEach(footer::add);
    cmd.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    return cmd;
  }

  /**
   * The launch that {@code env} and {@code args} describe, as the pod would start it.
   *
   * @throws InvalidSettingsException naming every missing, unknown or invalid setting
   */
  public static Launch configure(Map<String, String> env, String... args) {
    AgentMain main = new AgentMain(env);
    try {
      main.commandLine().parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new InvalidSettingsException(withVariable(e));
    }
    return main.launch();
  }

  @Override
  public Integer call() throws InterruptedException {
    RunningAgent running;
    try {
      running = RunningAgent.start(launch());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("periscope-agent: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }

  Launch launch() {
    List<String> problems = new ArrayList<>();
    List<String> unknown = env.keySet().stream()
        .filter(name -> name.startsWith(AgentSetting.ENV_PREFIX) && AgentSetting.byEnv(name).isEmpty()).sorted().toList();
    if (!unknown.isEmpty()) {
      problems.add("unknown setting " + String.join(", ", unknown) + " (periscope-agent reads "
          + Arrays.stream(AgentSetting.values()).map(AgentSetting::env).collect(Collectors.joining(", ")) + ")");
    }
    List<String> missing = new ArrayList<>();
    if (blank(server)) {
      missing.add(AgentSetting.SERVER.label());
    } else {
      serverProblem(server).ifPresent(problems::add);
    }
    if (caBundle == null) {
      missing.add(AgentSetting.CA_BUNDLE.label());
    }
    if (blank(stateSecret) && stateDir == null) {
      missing.add("one of " + AgentSetting.STATE_SECRET.label() + " or " + AgentSetting.STATE_DIR.label());
    }
    if (!missing.isEmpty()) {
      problems.add("missing required setting " + String.join(", ", missing));
    }
    StateLocation state = state(problems);
    if (healthPort < 0 || healthPort > 65535) {
      problems.add(AgentSetting.HEALTH_PORT.label() + " must be a port between 0 and 65535, not " + healthPort);
    }
    if (maxConcurrent < 1) {
      problems.add(AgentSetting.MAX_CONCURRENT.label() + " must be at least 1, not " + maxConcurrent);
    }
    if (resolveIntervalSeconds < 1 || resolveIntervalSeconds > 86_400) {
      problems.add(AgentSetting.RESOLVE_INTERVAL_SECONDS.label() + " must be between 1 and 86400 seconds, not " + resolveIntervalSeconds);
    }
    if (!apiserver.isAbsolute() || !List.of("https", "http").contains(apiserver.getScheme()) || apiserver.getHost() == null) {
      problems.add(AgentSetting.APISERVER.label() + " must be an https:// URL, not '" + apiserver + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(String.join("; ", problems));
    }
    return new Launch(new AgentSettings(server, nonBlank(token), caBundle, state, nonBlank(cluster), apiserver, tokenFile,
        Optional.of(apiserverCa).filter(Files::isRegularFile), maxConcurrent, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(30), AgentSettings.DEFAULT_RENEW_CHECK_INTERVAL, Duration.ofSeconds(resolveIntervalSeconds)), healthPort);
  }

  private StateLocation state(List<String> problems) {
    if (!blank(stateSecret) && stateDir != null) {
      problems.add("set one of " + AgentSetting.STATE_SECRET.label() + " or " + AgentSetting.STATE_DIR.label() + ", not both");
      return null;
    }
    if (stateDir != null) {
      return new StateLocation.Directory(stateDir);
    }
    if (blank(stateSecret)) {
      return null;
    }
    Optional<String> ns = nonBlank(namespace).or(this::podNamespace);
    if (ns.isEmpty()) {
      problems.add(AgentSetting.STATE_SECRET.label() + " needs " + AgentSetting.NAMESPACE.label() + " outside a pod (no "
          + podNamespaceFile + ")");
      return null;
    }
    try {
      return new StateLocation.KubernetesSecret(ns.get(), stateSecret);
    } catch (IllegalArgumentException e) {
      problems.add(AgentSetting.STATE_SECRET.label() + " / " + AgentSetting.NAMESPACE.label() + ": " + e.getMessage());
      return null;
    }
  }

  private Optional<String> podNamespace() {
    try {
      return Files.isRegularFile(podNamespaceFile) ? nonBlank(Files.readString(podNamespaceFile).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Why {@code value} is not a {@code host:port} the agent can dial, if it is not. */
  static Optional<String> serverProblem(String value) {
    if (value.contains("://")) {
      return Optional.of(AgentSetting.SERVER.label() + " takes host:port, not a URL: '" + value + "' (e.g. "
          + "periscope-tunnel.example.com:8443)");
    }
    Matcher m = HOST_PORT.matcher(value);
    if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
      return Optional.of(AgentSetting.SERVER.label() + " must be host:port with a port between 1 and 65535, not '" + value + "'");
    }
    return Optional.empty();
  }

  private static String withVariable(CommandLine.ParameterException e) {
    if (e.getArgSpec() instanceof OptionSpec option) {
      Optional<AgentSetting> setting = AgentSetting.byFlag(option.longestName());
      if (setting.isPresent()) {
        return e.getMessage() + " (" + setting.get().label() + ")";
      }
    }
    return e.getMessage();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Optional<String> nonBlank(String s) {
    return Optional.ofNullable(s).map(String::trim).filter(v -> !v.isEmpty());
  }
}
