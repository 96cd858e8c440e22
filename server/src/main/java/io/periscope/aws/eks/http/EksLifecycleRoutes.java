package io.periscope.aws.eks.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.eks.EksReads;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.addons.AddonWriteRequest;
import io.periscope.aws.eks.addons.AddonWrites;
import io.periscope.aws.eks.addons.Addons;
import io.periscope.aws.eks.addons.ConfigurationValues;
import io.periscope.aws.eks.addons.InstalledAddon;
import io.periscope.aws.eks.upgrade.UpgradeReadiness;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.http.RequestIds;
import io.periscope.json.Json;
import io.periscope.json.JsonProblems;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * EKS upgrade readiness and add-ons of one cluster, under {@code /api/clusters/{cluster}/eks/}:
 * {@code GET upgrade-readiness}; {@code GET addons} (installed, with freshness and whether the
 * person may write); {@code GET addons/{addon}}; {@code GET addons/{addon}/updates[/{id}]};
 * {@code GET addon-catalog[?kubernetesVersion=&type=&publisher=]};
 * {@code GET addon-configuration?addonName=&addonVersion=}; {@code POST addon-configuration/validate};
 * {@code POST addons/{addon}/preview}; and the writes {@code POST addons} (install),
 * {@code POST addons/{addon}/update}, {@code POST addons/{addon}/delete}.
 */
public final class EksLifecycleRoutes {
  private static final Pattern UPDATE_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
  private static final Pattern MINOR = Pattern.compile("^\\d+\\.\\d+$");
  private static final Pattern FILTER = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

  /** The installed add-ons, and whether (and by which rule) this person may change them. */
  public record AddonsPage(String kubernetesVersion, String nextVersion, List<InstalledAddon> addons, List<String> problems,
      boolean canWrite, String writeRule) {}

  /** A validation request of the editor. */
  public record ValidateRequest(String addonName, String addonVersion, String configurationValues) {}

  /** The body of a preview: the write it previews and its fields. */
  public record PreviewRequest(String op, String addonVersion, String resolveConflicts, String configurationValues,
      String serviceAccountRoleArn, List<AddonWriteRequest.PodIdentityRole> podIdentityAssociations, Boolean preserve) {
    AddonWriteRequest write(String name) {
      return new AddonWriteRequest(name, addonVersion, resolveConflicts, configurationValues, serviceAccountRoleArn, podIdentityAssociations,
          preserve);
    }
  }

  private final ClusterRegistry clusters;
  private final Addons addons;
  private final AddonWrites writes;
  private final UpgradeReadiness readiness;

  private EksLifecycleRoutes(ClusterRegistry clusters, Addons addons, AddonWrites writes, UpgradeReadiness readiness) {
    this.clusters = clusters;
    this.addons = addons;
    this.writes = writes;
    this.readiness = readiness;
  }

  public static void register(RoutesConfig routes, ClusterRegistry clusters, Addons addons, AddonWrites writes, UpgradeReadiness readiness) {
    var r = new EksLifecycleRoutes(clusters, addons, writes, readiness);
    String base = "/api/clusters/{cluster}/eks";
    routes.get(base + "/upgrade-readiness", r::readiness);
    routes.get(base + "/addons", r::installed);
    routes.get(base + "/addons/{addon}", r::one);
    routes.get(base + "/addons/{addon}/updates", r::history);
    routes.get(base + "/addons/{addon}/updates/{id}", r::update);
    routes.get(base + "/addon-catalog", r::catalog);
    routes.get(base + "/addon-configuration", r::configuration);
    routes.post(base + "/addon-configuration/validate", r::validate);
    routes.post(base + "/addons/{addon}/preview", r::preview);
    routes.post(base + "/addons", r::install);
    routes.post(base + "/addons/{addon}/update", r::updateAddon);
    routes.post(base + "/addons/{addon}/delete", r::delete);
  }

  private EksTarget target(Context ctx) {
    return EksTarget.of(clusters.spec(ctx.pathParam("cluster")));
  }

  private static String name(Context ctx) {
    String name = ctx.pathParam("addon");
    AddonWriteRequest.checkName(name);
    return name;
  }

  private void readiness(Context ctx) {
    EksTarget t = target(ctx);
    var who = CurrentUser.of(ctx).principal();
    ctx.json(readiness.of(t, who, EksReads.action(who, RequestIds.of(ctx), t, "eks-cluster", t.eksName(), "upgrade_readiness")));
  }

  private void installed(Context ctx) {
    EksTarget t = target(ctx);
    AuthenticatedUser user = CurrentUser.of(ctx);
    var page = addons.installed(t, EksReads.action(user.principal(), RequestIds.of(ctx), t, "eks-addons", "", "list_addons"));
    ctx.json(new AddonsPage(page.kubernetesVersion(), page.nextVersion(), page.addons(), page.problems(),
        writes.permission().allows(user), writes.permission().rule(user.mode())));
  }

  private void one(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    ctx.json(addons.one(t, name, EksReads.action(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), t, "eks-addons", name, "describe_addon")));
  }

  private void history(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    ctx.json(addons.history(t, name, EksReads.action(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), t, "eks-addons", name,
        "addon_updates")));
  }

  private void update(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    String id = ctx.pathParam("id");
    if (!UPDATE_ID.matcher(id).matches()) {
      throw Problem.badRequest("'" + id + "' is not an EKS update id");
    }
    ctx.json(addons.update(t, name, id, EksReads.action(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), t, "eks-addons", name,
        "describe_update")));
  }

  private void catalog(Context ctx) {
    EksTarget t = target(ctx);
    Optional<String> version = param(ctx, "kubernetesVersion", MINOR, "a Kubernetes minor such as 1.31");
    Optional<String> type = param(ctx, "type", FILTER, "an add-on type such as networking");
    Optional<String> publisher = param(ctx, "publisher", FILTER, "a publisher such as eks");
    ctx.json(addons.catalog(t, version, type, publisher, EksReads.action(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), t,
        "eks-addons", "", "addon_catalog")));
  }

  private void configuration(Context ctx) {
    EksTarget t = target(ctx);
    String name = ctx.queryParam("addonName");
    AddonWriteRequest.checkName(name);
    String version = param(ctx, "addonVersion", FILTER, "a published add-on version").orElseThrow(
        () -> Problem.badRequest("addonVersion is required"));
    ctx.json(addons.configuration(t, name, version, EksReads.action(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), t, "eks-addons",
        name, "addon_configuration")));
  }

  private void validate(Context ctx) {
    EksTarget t = target(ctx);
    ValidateRequest body = body(ctx, ValidateRequest.class);
    AddonWriteRequest.checkName(body.addonName());
    if (body.addonVersion() == null || !FILTER.matcher(body.addonVersion()).matches()) {
      throw Problem.badRequest("addonVersion is required");
    }
    var config = addons.configuration(t, body.addonName(), body.addonVersion(), EksReads.action(CurrentUser.of(ctx).principal(),
        RequestIds.of(ctx), t, "eks-addons", body.addonName(), "addon_configuration"));
    ctx.json(ConfigurationValues.validate(body.configurationValues(), config.schema()));
  }

  private void preview(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    AuthenticatedUser user = CurrentUser.of(ctx);
    PreviewRequest body = body(ctx, PreviewRequest.class);
    AddonWriteRequest.Op op = AddonWriteRequest.Op.parse(body.op());
    ctx.json(writes.preview(user, t, op, name, body.write(name),
        EksReads.action(user.principal(), RequestIds.of(ctx), t, "eks-addons", name, "addon_preview")));
  }

  private void install(Context ctx) {
    EksTarget t = target(ctx);
    AddonWriteRequest body = body(ctx, AddonWriteRequest.class);
    ctx.status(202).json(writes.install(CurrentUser.of(ctx), RequestIds.of(ctx), t, body));
  }

  private void updateAddon(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    AddonWriteRequest body = body(ctx, AddonWriteRequest.class);
    if (body.addonName() != null && !body.addonName().equals(name)) {
      throw Problem.badRequest("addonName in the body (" + body.addonName() + ") differs from the path (" + name + ")");
    }
    ctx.status(202).json(writes.update(CurrentUser.of(ctx), RequestIds.of(ctx), t, name, body));
  }

  private void delete(Context ctx) {
    EksTarget t = target(ctx);
    String name = name(ctx);
    AddonWriteRequest body = body(ctx, AddonWriteRequest.class);
    if (body.addonName() != null && !body.addonName().equals(name)) {
      throw Problem.badRequest("addonName in the body (" + body.addonName() + ") differs from the path (" + name + ")");
    }
    ctx.status(202).json(writes.delete(CurrentUser.of(ctx), RequestIds.of(ctx), t, name, body));
  }

  private static Optional<String> param(Context ctx, String name, Pattern shape, String what) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (!shape.matcher(v).matches()) {
      throw Problem.badRequest(name + " must be " + what + ", got '" + v + "'");
    }
    return Optional.of(v);
  }

  private static <T> T body(Context ctx, Class<T> type) {
    try {
      T value = Json.mapper().readValue(ctx.body(), type);
      if (value == null) {
        throw Problem.badRequest("the request body is empty");
      }
      return value;
    } catch (IOException e) {
      throw Problem.badRequest("the request body is not valid: " + JsonProblems.describe(e));
    }
  }
}
