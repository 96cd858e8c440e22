package io.periscope.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import io.periscope.json.Json;
import io.periscope.problem.Problem;
import io.periscope.resources.ListQuery;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One list view a browser tab keeps live: a kind in a cluster, optionally one namespace, a label
 * selector and a field selector (the pods of one node: {@code spec.nodeName=…}), watched from
 * {@code resourceVersion} (the one its list call returned).
 *
 * @param id the tab's name for this subscription, echoed on every event ({@code [A-Za-z0-9_-]{1,40}})
 */
public record Subscription(String id, String cluster, String group, String version, String plural, String namespace,
    String labelSelector, String resourceVersion, String fieldSelector) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  public static final int MAX_PER_STREAM = 32;

  public Subscription {
    if (id == null || !ID.matcher(id).matches()) {
      throw Problem.badRequest("subscription id must match [A-Za-z0-9_-]{1,40}, got '" + id + "'");
    }
    if (cluster == null || group == null || version == null || plural == null) {
      throw Problem.badRequest("subscription '" + id + "' needs cluster, group, version and plural");
    }
    new ListQuery(namespace, labelSelector, fieldSelector, null, null); // validates namespace and selectors
  }

  /** Parses the {@code subscriptions} query parameter: a JSON array of subscriptions. */
  public static List<Subscription> parseAll(String json) {
    if (json == null || json.isBlank()) {
      throw Problem.badRequest("the subscriptions parameter is required: a JSON array of {id, cluster, group, version, plural, ...}");
    }
    List<Subscription> subs;
    try {
      subs = Json.mapper().readValue(json, new TypeReference<List<Subscription>>() { });
    } catch (IOException e) {
      throw Problem.badRequest("subscriptions is not a valid JSON array of subscriptions: " + io.periscope.json.JsonProblems.describe(e));
    }
    if (subs == null || subs.isEmpty() || subs.size() > MAX_PER_STREAM) {
      throw Problem.badRequest("send 1 to " + MAX_PER_STREAM + " subscriptions per stream");
    }
    if (subs.contains(null)) {
      throw Problem.badRequest("subscription " + subs.indexOf(null) + " is null; every subscription is an object");
    }
    Set<String> ids = new HashSet<>();
    for (Subscription s : subs) {
      if (!ids.add(s.id())) {
        throw Problem.badRequest("duplicate subscription id '" + s.id() + "'");
      }
    }
    return subs;
  }
}
