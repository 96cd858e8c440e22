package io.periscope.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.periscope.http.ApiException;
import io.periscope.http.Json;
import io.periscope.http.KubernetesErrors;
import io.periscope.resources.Apiserver;
import io.periscope.resources.ResourceKind;
import io.periscope.resources.SecretRedaction;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps one subscription live as the person: watches from a resourceVersion and, when the
 * apiserver answers 410 Gone (the version is too old), re-reads the collection's current
 * resourceVersion, tells the browser to refetch ({@code resync}) and watches on from there.
 */
final class SubscriptionWatch implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int MAX_RESYNCS = 5;

  private final Subscription sub;
  private final ResourceKind kind;
  private final KubernetesClient client;
  private final Apiserver apiserver;
  private final Consumer<StreamEvent> out;
  private final Positions positions;
  private volatile Watch watch;
  private volatile boolean closed;
  private int resyncs;

  /** Shared per-stream record of each subscription's resourceVersion. */
  interface Positions {
    String update(String subscription, String resourceVersion);
  }

  SubscriptionWatch(Subscription sub, ResourceKind kind, KubernetesClient client, Apiserver apiserver,
      Consumer<StreamEvent> out, Positions positions) {
    this.sub = sub;
    this.kind = kind;
    this.client = client;
    this.apiserver = apiserver;
    this.out = out;
    this.positions = positions;
  }

  /** Starts watching from {@code resourceVersion}, or from the collection's current one when null. */
  void start(String resourceVersion) {
    try {
      String rv = resourceVersion == null || resourceVersion.isEmpty() ? currentResourceVersion() : resourceVersion;
      positions.update(sub.id(), rv);
      open(rv);
      out.accept(new StreamEvent("ready", sub.id(), Map.of("resourceVersion", rv), null));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 410) {
        resync("the resourceVersion to resume from is too old (410 Gone)");
      } else {
        fail(e.getCode() == 0 ? 502 : e.getCode(), KubernetesErrors.message(e));
      }
    } catch (ApiException e) {
      fail(e.status(), e.getMessage());
    }
  }

  private void open(String rv) {
    var ctx = new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
        .withPlural(kind.plural()).withKind(kind.kind()).withNamespaced(kind.namespaced()).build();
    var op = client.genericKubernetesResources(ctx);
    var options = new ListOptionsBuilder().withResourceVersion(rv).withAllowWatchBookmarks(true)
        .withLabelSelector(sub.labelSelector() == null || sub.labelSelector().isEmpty() ? null : sub.labelSelector()).build();
    boolean one = kind.namespaced() && sub.namespace() != null && !sub.namespace().isEmpty();
    watch = (one ? op.inNamespace(sub.namespace()) : op.inAnyNamespace()).watch(options, new Forwarder());
    if (closed) {
      watch.close();
    }
  }

  private String currentResourceVersion() {
    String path = kind.collectionPath(sub.namespace());
    String text = apiserver.text(sub.cluster(), client, Apiserver.Call.get(path, Map.of("limit", "1")).accept(Apiserver.METADATA_ACCEPT));
    try {
      return JSON.readTree(text).path("metadata").path("resourceVersion").asText("");
    } catch (IOException e) {
      throw new KubernetesClientException("list of " + kind.plural() + " is not JSON");
    }
  }

  private void resync(String reason) {
    if (closed) {
      return;
    }
    if (++resyncs > MAX_RESYNCS) {
      fail(410, "gave up after " + MAX_RESYNCS + " consecutive 410 Gone answers");
      return;
    }
    try {
      String rv = currentResourceVersion();
      positions.update(sub.id(), rv);
      out.accept(new StreamEvent("resync", sub.id(), Map.of("resourceVersion", rv, "reason", reason), null));
      open(rv);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 410) {
        resync(reason);
      } else {
        fail(e.getCode() == 0 ? 502 : e.getCode(), KubernetesErrors.message(e));
      }
    } catch (ApiException e) {
      fail(e.status(), e.getMessage());
    }
  }

  private void fail(int status, String message) {
    if (!closed) {
      out.accept(new StreamEvent("error", sub.id(), Map.of("status", status, "message", message), null));
    }
  }

  @Override
  public void close() {
    closed = true;
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }

  private final class Forwarder implements Watcher<GenericKubernetesResource> {
    @Override
    public void eventReceived(Action action, GenericKubernetesResource resource) {
      String rv = resource.getMetadata() == null ? null : resource.getMetadata().getResourceVersion();
      String position = rv == null ? null : positions.update(sub.id(), rv);
      resyncs = 0;
      if (action == Action.BOOKMARK || closed) {
        return;
      }
      JsonNode object = toJson(resource);
      if (SecretRedaction.applies(kind)) {
        SecretRedaction.redact(object);
      }
      out.accept(new StreamEvent("change", sub.id(), Map.of("type", action.name(), "object", object), position));
    }

    @Override
    public void onClose(WatcherException cause) {
      if (closed) {
        return;
      }
      if (cause.isHttpGone()) {
        Thread.ofVirtual().name("resync-" + sub.id()).start(() -> resync("the watch expired (410 Gone)"));
      } else {
        fail(502, "watch ended: " + cause.getMessage());
      }
    }

    @Override
    public void onClose() {
      // closed by us
    }
  }

  private static ObjectNode toJson(GenericKubernetesResource r) {
    try {
      return (ObjectNode) JSON.readTree(Serialization.asJson(r));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
