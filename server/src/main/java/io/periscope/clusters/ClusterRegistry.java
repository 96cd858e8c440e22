package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.periscope.config.ConfigException;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live set of clusters and their clients. Re-reads {@code clusters.yaml} on file-watch events
 * and on a periodic rescan (ConfigMap mounts swap symlinks, which watches miss); an invalid edit
 * is logged and the last good registry stays. There is deliberately no write API.
 */
public final class ClusterRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

  private final Optional<Path> file;
  private final Map<Backend, ClusterConnector> connectors;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private volatile Map<String, ClusterSpec> specs = Map.of();
  private volatile List<ClusterSpec> ordered = List.of();
  private volatile String contentHash = "";
  private volatile Optional<String> lastError = Optional.empty();
  private ScheduledExecutorService scheduler;
  private WatchService watcher;

  /** A cluster's clients: the main one, and the list transport when its config allows one. */
  private record Connection(ClusterSpec spec, KubernetesClient client, Optional<HttpClient> lists) {
    void close() {
      lists.filter(l -> l != client.getHttpClient()).ifPresent(HttpClient::close);
      client.close();
    }
  }

  private ClusterRegistry(Optional<Path> file, List<ClusterConnector> connectors) {
    this.file = file;
    Map<Backend, ClusterConnector> byBackend = new HashMap<>();
    connectors.forEach(c -> byBackend.put(c.backend(), c));
    this.connectors = Map.copyOf(byBackend);
  }

  /** A registry backed by a file. The first read must succeed: start-up fails on an invalid file. */
  public static ClusterRegistry fromFile(Path file, List<ClusterConnector> connectors) {
    ClusterRegistry registry = new ClusterRegistry(Optional.of(file), connectors);
    String text = readOrFail(file);
    registry.apply(ClustersFile.parse(text), hash(text));
    return registry;
  }

  /** A registry with a fixed list (development mode, tests). */
  public static ClusterRegistry fixed(List<ClusterSpec> specs, List<ClusterConnector> connectors) {
    ClusterRegistry registry = new ClusterRegistry(Optional.empty(), connectors);
    registry.apply(specs, "fixed");
    return registry;
  }

  public List<ClusterSpec> clusters() {
    return ordered;
  }

  /** The last reload error, if the file currently on disk is invalid (the previous registry is live). */
  public Optional<String> lastError() {
    return lastError;
  }

  /** @throws Problem 404 naming the cluster when it is not registered */
  public ClusterSpec spec(String name) {
    ClusterSpec spec = specs.get(name);
    if (spec == null) {
      throw new Problem(ErrorCode.CLUSTER_NOT_FOUND, "no cluster named '" + name + "' is registered");
    }
    return spec;
  }

  /** The shared client for a cluster, connected on first use. Never cached when connecting fails. */
  public KubernetesClient client(String name) {
    return connection(name).client();
  }

  /**
   * The cluster's list transport (its connector's choice: a {@link io.periscope.transport.JettyTransport}
   * sharing the main client's config and interceptors, or for an agent cluster the tunnel transport
   * itself), or empty when lists go through the main client.
   */
  public Optional<HttpClient> listTransport(String name) {
    return connection(name).lists();
  }

  private Connection connection(String name) {
    ClusterSpec spec = spec(name);
    Connection existing = connections.get(name);
    if (existing != null && existing.spec().equals(spec)) {
      return existing;
    }
    synchronized (this) {
      existing = connections.get(name);
      if (existing != null && existing.spec().equals(spec)) {
        return existing;
      }
      ClusterConnector connector = connectors.get(spec.backend());
      if (connector == null) {
        throw new ClusterUnavailableException(ErrorCode.BACKEND_NOT_AVAILABLE, name,
            "backend '" + spec.backend().wireName() + "' is not available in this server");
      }
      KubernetesClient client = connector.connect(spec);
      Connection connection = new Connection(spec, client, listTransportFor(name, connector, client));
      Connection previous = connections.put(name, connection);
      if (previous != null) {
        previous.close();
      }
      return connection;
    }
  }

  private static Optional<HttpClient> listTransportFor(String name, ClusterConnector connector, KubernetesClient client) {
    try {
      return connector.listTransport(name, client);
    } catch (RuntimeException e) {
      log.warn("cluster '{}': lists use the main client; the list transport could not start: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /** Re-reads the file if its content changed. Invalid content is logged and ignored. */
  public synchronized void reload() {
    if (file.isEmpty()) {
      return;
    }
    try {
      String text = readOrFail(file.get());
      String h = hash(text);
      if (h.equals(contentHash)) {
        return;
      }
      apply(ClustersFile.parse(text), h);
      lastError = Optional.empty();
      log.info("cluster registry reloaded from {}: {} clusters", file.get(), ordered.size());
    } catch (ConfigException e) {
      if (!lastError.equals(Optional.of(e.getMessage()))) {
        log.error("ignoring invalid cluster registry {}; keeping the last good one: {}", file.get(), e.getMessage());
      }
      lastError = Optional.of(e.getMessage());
    }
  }

  /** Starts file watching and the periodic rescan. */
  public void start(Duration rescanInterval) {
    if (file.isEmpty()) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cluster-registry").daemon().factory());
    long period = Math.max(1, rescanInterval.toMillis());
    scheduler.scheduleWithFixedDelay(this::reload, period, period, TimeUnit.MILLISECONDS);
    Path dir = file.get().toAbsolutePath().getParent();
    try {
      watcher = FileSystems.getDefault().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      Thread.ofVirtual().name("cluster-registry-watch").start(this::watchLoop);
    } catch (IOException e) {
      log.warn("cannot watch {} for changes; relying on the {} rescan", dir, rescanInterval);
    }
  }

  private void watchLoop() {
    try {
      while (true) {
        var key = watcher.take();
        key.pollEvents();
        key.reset();
        scheduler.execute(this::reload);
      }
    } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void apply(List<ClusterSpec> newSpecs, String newHash) {
    Map<String, ClusterSpec> byName = new java.util.LinkedHashMap<>();
    newSpecs.forEach(s -> byName.put(s.name(), s));
    specs = Map.copyOf(byName);
    ordered = List.copyOf(newSpecs);
    contentHash = newHash;
    // Close clients of clusters that were removed or changed; they reconnect lazily.
    connections.entrySet().removeIf(e -> {
      boolean stale = !e.getValue().spec().equals(byName.get(e.getKey()));
      if (stale) {
        e.getValue().close();
      }
      return stale;
    });
  }

  private static String readOrFail(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("clusters.file", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException ignored) {
        // closing on shutdown; nothing to recover
      }
    }
    connections.values().forEach(Connection::close);
    connections.clear();
  }
}
