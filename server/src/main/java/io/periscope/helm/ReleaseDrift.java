package io.periscope.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.json.Yaml;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Has anyone changed what a release deployed ({@code kubectl edit}, {@code scale}, a deleted
 * object)? Each object of the release's manifest is read live, as the person, and compared with
 * what the chart set ({@link ChartFields}). Secret values are never read, so a Secret is compared
 * without its {@code data} and {@code stringData}.
 */
public final class ReleaseDrift {
  /** Live reads at once: a chart of fifty objects answers in a few round trips without a burst at the apiserver. */
  static final int CONCURRENT_READS = 8;
  private static final ObjectReader DOCUMENTS = Yaml.mapper().readerFor(JsonNode.class);

  private ReleaseDrift() {}

  public enum State { IN_SYNC, DRIFTED, MISSING, UNREADABLE, UNKNOWN_KIND }

  /**
   * One manifest object against the cluster.
   *
   * @param group the kind's API group ("" for the legacy group), null when the cluster does not serve it
   * @param differences for {@link State#DRIFTED}: the chart's fields that read otherwise live
   * @param message why it is missing, unreadable or of an unknown kind
   */
  public record ObjectDrift(String apiVersion, String kind, String group, String version, String plural, String namespace, String name,
      State state, List<ChartFields.Difference> differences, boolean valuesNotCompared, String message) {}

  public record Report(String release, String namespace, int revision, String status, Map<State, Integer> counts, List<ObjectDrift> objects,
      Instant checkedAt) {}

  /**
   * Where a manifest object lives: its kind as discovery names it ("" for the legacy group) and its
   * namespace ("" for a cluster-scoped kind, whatever the manifest says).
   */
  public record Where(String group, String version, String plural, String namespace) {}

  /** What reading one manifest object live found. */
  public sealed interface Live {
    record Found(Where where, JsonNode object) implements Live {}

    record Missing(Where where, String message) implements Live {}

    /** The apiserver refused or failed (403 with its RBAC message, a time-out, ...). */
    record Unreadable(Where where, String message) implements Live {}

    record UnknownKind(String message) implements Live {}
  }

  /** Reads a manifest object live as the person; {@code namespace} is the release's for a namespaced kind without one. */
  @FunctionalInterface
  public interface LiveObjects {
    Live read(String apiVersion, String kind, String namespace, String name);
  }

  /** The manifest's objects (a {@code List} is its items); blank documents are skipped. */
  static List<ObjectNode> manifestObjects(String manifest) {
    List<ObjectNode> objects = new ArrayList<>();
    try (var docs = DOCUMENTS.<JsonNode>readValues(manifest == null ? "" : manifest)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc instanceof ObjectNode o && o.path("kind").asText().equals("List") && o.path("items").isArray()) {
          o.path("items").forEach(i -> {
            if (i instanceof ObjectNode item) {
              objects.add(item);
            }
          });
        } else if (doc instanceof ObjectNode o && o.hasNonNull("kind")) {
          objects.add(o);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new Problem(io.periscope.problem.ErrorCode.HELM_RELEASE_UNDECODABLE, "the release's manifest is not readable YAML: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
    }
    return objects;
  }

  public static Report of(HelmRelease release, LiveObjects live, Instant now) {
    List<ObjectNode> objects = manifestObjects(release.manifest());
    List<ObjectDrift> drifts = new ArrayList<>();
    var slots = new Semaphore(CONCURRENT_READS);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ObjectDrift>> reads = objects.stream().map(o -> pool.submit(() -> {
        slots.acquire();
        try {
          return drift(o, release.namespace(), live);
        } finally {
          slots.release();
        }
      })).toList();
      for (Future<ObjectDrift> read : reads) {
        drifts.add(read.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(io.periscope.problem.ErrorCode.INTERNAL_ERROR, "interrupted while reading the release's objects");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    Map<State, Integer> counts = new EnumMap<>(State.class);
    for (State s : State.values()) {
      counts.put(s, (int) drifts.stream().filter(d -> d.state() == s).count());
    }
    return new Report(release.name(), release.namespace(), release.revision(), release.status(), counts, drifts, now);
  }

  private static ObjectDrift drift(ObjectNode chart, String releaseNamespace, LiveObjects live) {
    String apiVersion = chart.path("apiVersion").asText();
    String kind = chart.path("kind").asText();
    String name = chart.path("metadata").path("name").asText();
    String namespace = chart.path("metadata").path("namespace").asText(releaseNamespace);
    boolean secret = kind.equals("Secret") && apiVersion.equals("v1");
    ObjectNode compared = chart.deepCopy();
    if (secret) {
      compared.remove(List.of("data", "stringData"));
    }
    return switch (live.read(apiVersion, kind, namespace, name)) {
      case Live.Found f -> {
        var differences = ChartFields.differences(compared, f.object());
        yield drift(apiVersion, kind, f.where(), name, differences.isEmpty() ? State.IN_SYNC : State.DRIFTED, differences, secret, null);
      }
      case Live.Missing m -> drift(apiVersion, kind, m.where(), name, State.MISSING, List.of(), secret, m.message());
      case Live.Unreadable u -> drift(apiVersion, kind, u.where(), name, State.UNREADABLE, List.of(), secret, u.message());
      case Live.UnknownKind u -> new ObjectDrift(apiVersion, kind, null, null, null, namespace, name, State.UNKNOWN_KIND, List.of(), secret,
          u.message());
    };
  }

  private static ObjectDrift drift(String apiVersion, String kind, Where w, String name, State state, List<ChartFields.Difference> differences,
      boolean secret, String message) {
    return new ObjectDrift(apiVersion, kind, w.group(), w.version(), w.plural(), w.namespace(), name, state, differences, secret, message);
  }
}
