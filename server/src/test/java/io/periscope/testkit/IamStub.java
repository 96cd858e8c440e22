package io.periscope.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An AWS account's IAM and STS on a loopback WireMock, answering from a model with the query/XML
 * shapes of the IAM and STS API references (what moto lacks or cannot be told to do: refusals of
 * one call, throttling, {@code SimulatePrincipalPolicy}, pages of a chosen size, URL-encoded
 * documents exactly as IAM sends them). Counts calls per action and the most in flight at once.
 */
public final class IamStub implements AutoCloseable {
  public static final String ACCOUNT = "123456789012";
  public static final String CALLER_ROLE = "periscope-server";
  private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private record Role(Map<String, String> inline, List<String> attached) {}

  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, String> managed = new ConcurrentHashMap<>();
  private final Map<String, String> trusts = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Set<String> throttled = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> throttledFirst = new ConcurrentHashMap<>();
  private final Set<String> callerMayNot = ConcurrentHashMap.newKeySet();
  private final Map<String, String> callerMayOnlyOn = new ConcurrentHashMap<>();
  private final List<String> simulatedResources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger requestIds = new AtomicInteger();
  private volatile int pageSize = 100;
  private volatile Duration latency = Duration.ZERO;
  private final WireMockServer server;

  public IamStub() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Answer())
        .containerThreads(64).jettyAcceptors(2));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Answer.NAME)));
  }

  public URI endpoint() {
    return URI.create(server.baseUrl());
  }

  public static String roleArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  public static String policyArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":policy/" + name;
  }

  /** A role with inline policies (name → JSON document) and attached managed policies (ARNs). */
  public IamStub role(String name, Map<String, String> inline, List<String> attached) {
    roles.put(name, new Role(new LinkedHashMap<>(inline), List.copyOf(attached)));
    return this;
  }

  /** A managed policy whose default version ({@code v1}) is {@code document}. */
  public IamStub managedPolicy(String arn, String document) {
    managed.put(arn, document);
    return this;
  }

  /** The role's trust policy (JSON) that {@code GetRole} returns; without one, EKS Pod Identity's service principal. */
  public IamStub trust(String roleName, String document) {
    trusts.put(roleName, document);
    return this;
  }

  public IamStub deleteRole(String name) {
    roles.remove(name);
    return this;
  }

  /** List calls answer at most {@code n} items per page (IsTruncated + Marker). */
  public IamStub pageSize(int n) {
    pageSize = n;
    return this;
  }

  /** {@code iam:GetRole} (any action) answers AccessDenied, as IAM does for a role without the permission. */
  public IamStub deny(String action) {
    denied.add(action);
    return this;
  }

  /** {@code action} answers Throttling every time (the SDK retries, then gives up). */
  public IamStub throttle(String action) {
    throttled.add(action);
    return this;
  }

  /** {@code action}'s first {@code times} calls answer Throttling, later ones answer normally (a retry gets through). */
  public IamStub throttleFirst(String action, int times) {
    throttledFirst.put(action, new AtomicInteger(times));
    return this;
  }

  /** {@code SimulatePrincipalPolicy} reports these actions {@code implicitDeny} for the caller; all others {@code allowed}. */
  public IamStub callerMayNot(String... actions) {
    callerMayNot.addAll(List.of(actions));
    return this;
  }

  /**
   * The caller's policy grants {@code action} only on resources matching {@code resourceGlob} ({@code *}
   * any characters): {@code SimulatePrincipalPolicy} answers {@code allowed} for it only when the
   * simulated resource matches, and {@code implicitDeny} on {@code *} (no resource given), as IAM does.
   */
  public IamStub callerMayOnlyOn(String action, String resourceGlob) {
    callerMayOnlyOn.put(action, resourceGlob);
    return this;
  }

  /** The {@code ResourceArns} of every simulation so far ({@code *} when a call named none), in order. */
  public List<String> simulatedResources() {
    return List.copyOf(simulatedResources);
  }

  /** Every answer takes this long (AWS's latency, so concurrency shows). */
  public IamStub latency(Duration d) {
    latency = d;
    return this;
  }

  public int calls(String action) {
    AtomicInteger n = calls.get(action);
    return n == null ? 0 : n.get();
  }

  public int calls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public void resetCounts() {
    calls.clear();
    maxInFlight.set(0);
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Answer implements ResponseDefinitionTransformerV2 {
    static final String NAME = "iam-stub";

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (!latency.isZero()) {
          Thread.sleep(latency); // AWS's round trip, not synchronization
        }
        return answer(form(event.getRequest().getBodyAsString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return xml(500, error(IAM_NS, "Receiver", "InternalFailure", "interrupted"));
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private ResponseDefinition answer(Map<String, String> q) {
    String action = q.getOrDefault("Action", "");
    boolean sts = "2011-06-15".equals(q.get("Version"));
    String qualified = (sts ? "sts:" : "iam:") + action;
    calls.computeIfAbsent(qualified, k -> new AtomicInteger()).incrementAndGet();
    String ns = sts ? STS_NS : IAM_NS;
    AtomicInteger throttlesLeft = throttledFirst.get(qualified);
    if (throttled.contains(qualified) || throttlesLeft != null && throttlesLeft.getAndDecrement() > 0) {
      return xml(400, error(ns, "Sender", "Throttling", "Rate exceeded"));
    }
    if (denied.contains(qualified)) {
      return xml(403, error(ns, "Sender", "AccessDenied", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + CALLER_ROLE
          + "/i-0 is not authorized to perform: " + qualified + " because no identity-based policy allows the " + qualified + " action"));
    }
    try {
      String result = switch (qualified) {
        case "sts:GetCallerIdentity" -> "<Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/" + CALLER_ROLE + "/periscope</Arn>"
            + "<UserId>AROA3XFRBF535PLBIFPI4:periscope</UserId><Account>" + ACCOUNT + "</Account>";
        case "iam:GetRole" -> getRole(q.get("RoleName"));
        case "iam:ListRolePolicies" -> page(q, "PolicyNames", List.copyOf(role(q.get("RoleName")).inline().keySet()),
            n -> "<member>" + esc(n) + "</member>");
        case "iam:GetRolePolicy" -> getRolePolicy(q.get("RoleName"), q.get("PolicyName"));
        case "iam:ListAttachedRolePolicies" -> page(q, "AttachedPolicies", role(q.get("RoleName")).attached(),
            arn -> "<member><PolicyName>" + esc(arn.substring(arn.lastIndexOf('/') + 1)) + "</PolicyName><PolicyArn>" + esc(arn)
                + "</PolicyArn></member>");
        case "iam:GetPolicy" -> getPolicy(q.get("PolicyArn"));
        case "iam:GetPolicyVersion" -> getPolicyVersion(q.get("PolicyArn"));
        case "iam:SimulatePrincipalPolicy" -> simulate(q);
        default -> throw new Refusal(400, "InvalidAction", "Could not find operation " + action);
      };
      return xml(200, "<" + action + "Response xmlns=\"" + ns + "\"><" + action + "Result>" + result + "</" + action + "Result>"
          + "<ResponseMetadata><RequestId>" + requestId() + "</RequestId></ResponseMetadata></" + action + "Response>");
    } catch (Refusal r) {
      return xml(r.status, error(ns, "Sender", r.code, r.getMessage()));
    }
  }

  private static final class Refusal extends RuntimeException {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private Role role(String name) {
    Role r = name == null ? null : roles.get(name);
    if (r == null) {
      throw new Refusal(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }
    return r;
  }

  private String getRole(String name) {
    role(name);
    String trust = trusts.containsKey(name) ? trusts.get(name) : "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},"
        + "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
    return "<Role><Path>/</Path><Arn>" + esc(roleArn(name)) + "</Arn><RoleName>" + esc(name) + "</RoleName>"
        + "<AssumeRolePolicyDocument>" + encode(trust) + "</AssumeRolePolicyDocument><CreateDate>2024-05-08T23:34:01Z</CreateDate>"
        + "<RoleId>AROADBQP57FF2AEXAMPLE</RoleId><MaxSessionDuration>3600</MaxSessionDuration></Role>";
  }

  private String getRolePolicy(String roleName, String policyName) {
    String doc = role(roleName).inline().get(policyName);
    if (doc == null) {
      throw new Refusal(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
    }
    return "<PolicyName>" + esc(policyName) + "</PolicyName><RoleName>" + esc(roleName) + "</RoleName><PolicyDocument>" + encode(doc)
        + "</PolicyDocument>";
  }

  private String managedDocument(String arn) {
    String doc = arn == null ? null : managed.get(arn);
    if (doc == null) {
      throw new Refusal(404, "NoSuchEntity", "Policy " + arn + " was not found.");
    }
    return doc;
  }

  private String getPolicy(String arn) {
    managedDocument(arn);
    return "<Policy><PolicyName>" + esc(arn.substring(arn.lastIndexOf('/') + 1)) + "</PolicyName><DefaultVersionId>v1</DefaultVersionId>"
        + "<PolicyId>ANPAZ4DNOFLJDEXAMPLE</PolicyId><Path>/</Path><Arn>" + esc(arn) + "</Arn><AttachmentCount>1</AttachmentCount>"
        + "<CreateDate>2024-09-15T17:36:14Z</CreateDate><IsAttachable>true</IsAttachable><UpdateDate>2024-09-15T20:31:47Z</UpdateDate>"
        + "</Policy>";
  }

  private String getPolicyVersion(String arn) {
    return "<PolicyVersion><Document>" + encode(managedDocument(arn)) + "</Document><IsDefaultVersion>true</IsDefaultVersion>"
        + "<VersionId>v1</VersionId><CreateDate>2024-09-15T20:31:47Z</CreateDate></PolicyVersion>";
  }

  /** Every action the caller asks about, {@code implicitDeny} when listed in {@link #callerMayNot}. */
  private String simulate(Map<String, String> q) {
    StringBuilder results = new StringBuilder();
    List<String> resources = new ArrayList<>();
    for (int i = 1; q.containsKey("ResourceArns.member." + i); i++) {
      resources.add(q.get("ResourceArns.member." + i));
    }
    if (resources.isEmpty()) {
      resources.add("*");
    }
    simulatedResources.addAll(resources);
    for (int i = 1; q.containsKey("ActionNames.member." + i); i++) {
      String action = q.get("ActionNames.member." + i);
      for (String resource : resources) {
        String scope = callerMayOnlyOn.get(action);
        boolean allowed = !callerMayNot.contains(action)
            && (scope == null || resource.matches(Pattern.quote(scope).replace("*", "\\E.*\\Q")));
        simulationResult(results, action, resource, allowed ? "allowed" : "implicitDeny");
      }
    }
    return "<IsTruncated>false</IsTruncated><EvaluationResults>" + results + "</EvaluationResults>";
  }

  private static void simulationResult(StringBuilder results, String action, String resource, String decision) {
    results.append("<member><EvalActionName>").append(esc(action)).append("</EvalActionName><EvalResourceName>").append(esc(resource))
        .append("</EvalResourceName><EvalDecision>").append(decision).append("</EvalDecision><MatchedStatements/><MissingContextValues/></member>");
  }

  private <T> String page(Map<String, String> q, String element, List<T> items, Function<T, String> member) {
    int from = q.containsKey("Marker") ? Integer.parseInt(q.get("Marker").substring("page-".length())) : 0;
    int max = Math.min(pageSize, q.containsKey("MaxItems") ? Integer.parseInt(q.get("MaxItems")) : 100);
    int to = Math.min(items.size(), from + max);
    StringBuilder out = new StringBuilder("<" + element + ">");
    items.subList(from, to).forEach(i -> out.append(member.apply(i)));
    out.append("</").append(element).append(">");
    boolean more = to < items.size();
    out.append("<IsTruncated>").append(more).append("</IsTruncated>");
    if (more) {
      out.append("<Marker>page-").append(to).append("</Marker>");
    }
    return out.toString();
  }

  private String error(String ns, String type, String code, String message) {
    return "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + esc(message)
        + "</Message></Error><RequestId>" + requestId() + "</RequestId></ErrorResponse>";
  }

  private String requestId() {
    return String.format("4c1a1f4e-0000-4e7a-9c3d-%012d", requestIds.incrementAndGet());
  }

  private static ResponseDefinition xml(int status, String body) {
    return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "text/xml").withBody(body).build();
  }

  /** Documents as IAM returns them: URL-encoded (RFC 3986), e.g. {@code %7B%22Version%22...}. */
  static String encode(String document) {
    return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Names of every role, for benches that bind them to ServiceAccounts. */
  public List<String> roleNames() {
    return new ArrayList<>(roles.keySet());
  }
}
