package io.periscope.resources;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The informer's store, holding each object as the JSON bytes a list answer carries (without
 * {@code managedFields}) plus the labels a selector needs, instead of fabric8's object tree: about
 * the object's JSON size per object rather than several times it. Keys are {@code namespace/name}
 * (or {@code name}), kept sorted, which is the order the apiserver lists in (its etcd keys).
 * The informer is the only writer; lists read concurrently.
 */
final class CachedObjects implements ItemStore<GenericKubernetesResource> {
  /** One object: what a list needs to select it and to write it. */
  record Entry(String namespace, String name, String resourceVersion, Map<String, String> labels, byte[] json) {}

  private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
  private final KubernetesSerialization serialization;

  CachedObjects(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  @Override
  public String getKey(GenericKubernetesResource o) {
    return key(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  @Override
  public GenericKubernetesResource put(String key, GenericKubernetesResource o) {
    var m = o.getMetadata();
    m.setManagedFields(null); // the list page never shows them; the object's own page reads it from the apiserver
    byte[] json = serialization.asJson(o).getBytes(StandardCharsets.UTF_8);
    Map<String, String> labels = m.getLabels() == null || m.getLabels().isEmpty() ? Map.of() : Map.copyOf(m.getLabels());
    return skeleton(entries.put(key, new Entry(m.getNamespace(), m.getName(), m.getResourceVersion(), labels, json)));
  }

  @Override
  public GenericKubernetesResource remove(String key) {
    return skeleton(entries.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return entries.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return entries.values().stream().map(CachedObjects::skeleton);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    return skeleton(entries.get(key));
  }

  /** Not the whole object: the informer's update callbacks (Periscope registers none) would see only its metadata. */
  @Override
  public boolean isFullState() {
    return false;
  }

  /** The objects of one namespace (every object when {@code namespace} is empty), in key order. */
  NavigableMap<String, Entry> in(String namespace) {
    // Names hold no '/', and '0' follows '/': every "ns/…" key sorts in [ns + "/", ns + "0").
    return namespace == null || namespace.isEmpty() ? entries : entries.subMap(namespace + "/", true, namespace + "0", false);
  }

  long bytes() {
    long sum = 0;
    for (Entry e : entries.values()) {
      sum += e.json().length;
    }
    return sum;
  }

  /** What the informer needs back from the store: the identity and version of an object. */
  private static GenericKubernetesResource skeleton(Entry e) {
    if (e == null) {
      return null;
    }
    var r = new GenericKubernetesResource();
    r.setMetadata(new ObjectMetaBuilder().withNamespace(e.namespace()).withName(e.name()).withResourceVersion(e.resourceVersion()).build());
    return r;
  }
}
