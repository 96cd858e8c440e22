package io.periscope.helm;

import java.util.Locale;

/** Where Helm 3 keeps a release: its {@code secret} (default) or {@code configmap} storage driver. */
public enum StorageDriver {
  SECRET("Secrets", "secrets"),
  CONFIGMAP("ConfigMaps", "configmaps");

  private final String kindPlural;
  private final String resource;

  StorageDriver(String kindPlural, String resource) {
    this.kindPlural = kindPlural;
    this.resource = resource;
  }

  /** Helm's own driver name ({@code HELM_DRIVER}): {@code secret} or {@code configmap}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String kindPlural() {
    return kindPlural;
  }

  /** The RBAC resource name in the core API group. */
  public String resource() {
    return resource;
  }
}
