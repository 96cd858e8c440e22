package io.periscope.demo.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.periscope.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The demo's AWS account served in-process on loopback over the real wire protocols, so the
 * server's own SDK clients reach it by endpoint override: IAM and STS (query protocol, form POST or
 * presigned GET, XML), EKS (REST-JSON; its lifecycle operations in {@link EksLifecycleApi}), SSM
 * (JSON 1.1, the EKS AMI release parameters), Inspector v2 (REST-JSON), EC2 (query protocol, {@link Ec2Api}), resource policies of S3, KMS and Secrets Manager
 * ({@link ResourcePolicyApis}) and Organizations (JSON 1.1, {@link OrganizationsApi}). One endpoint serves them all; a request goes to the
 * service it was signed for (its SigV4 credential scope), as a signature binds it to one. Every
 * request must carry a valid SigV4 signature by the demo caller's key and be allowed by the
 * caller role's policy ({@link RolePolicy}) for the resource the request names; EKS answers only for clusters in the region the
 * request was signed for.
 */
public final class FakeAws implements AutoCloseable {
  private static final int CALLS_KEPT = 2_000;

  /** One request the account answered: the service, the IAM action (or what was asked) and the HTTP status. */
  public record Call(String service, String action, int status) {}

  private final DemoAccount account;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final IamApi iam;
  private final StsApi sts;
  private final EksApi eks;
  private final SsmApi ssm;
  private final OrganizationsApi organizations;
  private volatile InspectorApi inspector;
  private volatile Ec2Api ec2;
  private final RolePolicy policy;
  private final ResourcePolicyApis resourcePolicies;
  private final Deque<Call> calls = new ArrayDeque<>();

  private FakeAws(DemoAccount account, Clock clock, HttpServer server, ExecutorService executor) {
    this.account = account;
    this.clock = clock;
    this.server = server;
    this.executor = executor;
    this.iam = new IamApi(account);
    this.sts = new StsApi(account);
    var lifecycle = new EksLifecycleApi(account, clock);
    this.eks = new EksApi(account, lifecycle);
    this.ssm = new SsmApi(lifecycle.amiReleases());
    this.organizations = new OrganizationsApi(DemoOrganization.load());
    this.inspector = new InspectorApi(new InspectorCatalog(List.of()), account.accountId(), "us-east-1");
    this.ec2 = new Ec2Api(account.accountId(), io.periscope.demo.cluster.DemoEstate.PRODUCTION, List.of(), Map.of());
    this.policy = RolePolicy.of(account, account.caller().role());
    this.resourcePolicies = ResourcePolicyApis.load(account.accountId());
  }

  /** Serves {@code account} on an ephemeral loopback port; signatures are checked against {@code clock}. */
  public static FakeAws start(DemoAccount account, Clock clock) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the demo AWS endpoint on loopback", e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    FakeAws aws = new FakeAws(account, clock, server, executor);
    server.createContext("/", aws::exchange);
    server.setExecutor(executor);
    server.start();
    return aws;
  }

  /** The one endpoint to give every SDK client ({@code eks}, {@code iam}, {@code sts}, {@code ssm}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Endpoint overrides by SDK service id, in the form {@code io.periscope.aws.AwsClients} takes them. */
  public Map<String, URI> endpointOverrides() {
    return Map.of("eks", endpoint(), "iam", endpoint(), "sts", endpoint(), "ssm", endpoint(), "inspector2", endpoint(), "ec2", endpoint(),
        "s3", endpoint(), "kms", endpoint(), "secretsmanager", endpoint(), "organizations", endpoint());
  }

  /** The demo's static credentials: they stand for the caller in {@code account.yaml} (Periscope's server role). */
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(account.caller().accessKeyId(), account.caller().secretAccessKey()));
  }

  /** The server's real AWS clients, signed with {@link #credentials()} and pointed at this account. */
  public AwsClients clients(Duration timeout, Clock clock) {
    return new AwsClients(credentials(), endpointOverrides(), timeout, clock);
  }

  public DemoAccount account() {
    return account;
  }

  /** Makes an EKS cluster of the account {@code ACTIVE} at {@code httpsUrl}, its serving certificate signed by {@code caPem}. */
  public void attach(String cluster, URI httpsUrl, String caPem) {
    eks.attach(cluster, new EksApi.Endpoint(httpsUrl.toString(), caPem));
  }

  /** As {@link #scanNodes(List, Map)}, every instance its managed node group's. */
  public void scanNodes(List<String> instanceIds) {
    scanNodes(instanceIds, Map.of());
  }

  /**
   * The production cluster's nodes run on these EC2 instances: EC2 describes them (tagged as
   * {@code launchedBy} says, else as the managed node group's), Inspector scans them (the first runs an old kernel).
   */
  public void scanNodes(List<String> instanceIds, Map<String, Map<String, String>> launchedBy) {
    ec2 = new Ec2Api(account.accountId(), io.periscope.demo.cluster.DemoEstate.PRODUCTION, instanceIds, launchedBy);
    inspector = new InspectorApi(new InspectorCatalog(instanceIds), account.accountId(), "us-east-1");
  }

  /** The ARN STS reports for the demo caller. */
  public String callerArn() {
    return StsApi.callerArn(account);
  }

  /** The requests answered so far (the most recent {@value #CALLS_KEPT}), oldest first. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      URI uri = ex.getRequestURI();
      var request = new SigV4.Request(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), ex.getRequestHeaders(), body);
      String requestId = UUID.randomUUID().toString();
      String service = SigV4.signedService(request).orElse(uri.getRawPath().startsWith("/clusters") ? "eks" : "iam");
      Map<String, String> params = "POST".equals(ex.getRequestMethod())
          ? SigV4.decodedQuery(new String(body, StandardCharsets.UTF_8)) : SigV4.decodedQuery(uri.getRawQuery());
      String action = switch (service) {
        case "eks" -> EksApi.action(ex.getRequestMethod(), uri.getPath()).orElse("eks:" + ex.getRequestMethod() + " " + uri.getPath());
        case "ssm" -> SsmApi.action(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        case "organizations" -> OrganizationsApi.action(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        case "inspector2" -> InspectorApi.action(ex.getRequestMethod(), uri.getPath()).orElse("inspector2:" + ex.getRequestMethod() + " " + uri.getPath());
        case "s3", "kms", "secretsmanager" -> ResourcePolicyApis.action(service, ex.getRequestMethod(), uri.getRawQuery(),
            ex.getRequestHeaders().getFirst("X-Amz-Target"));
        default -> service + ":" + params.getOrDefault("Action", "");
      };
      AwsReply reply = answer(service, action, request, params, uri, requestId, body);
      synchronized (calls) {
        calls.addLast(new Call(service, action, reply.status()));
        while (calls.size() > CALLS_KEPT) {
          calls.removeFirst();
        }
      }
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
      ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      ex.getResponseBody().write(out);
    }
  }

  private AwsReply answer(String service, String action, SigV4.Request request, Map<String, String> params, URI uri, String requestId,
      byte[] body) {
    SigV4.Verdict verdict = SigV4.verify(request,
        key -> key.equals(account.caller().accessKeyId()) ? Optional.of(account.caller().secretAccessKey()) : Optional.empty(),
        clock.instant());
    if (verdict.signer().isEmpty()) {
      return refused(service, verdict, requestId);
    }
    String region = verdict.signer().get().region();
    String resource = ResourcePolicyApis.SERVICES.contains(service) ? resourcePolicies.resource(service, region, uri.getPath(), body)
        : resourceOf(service, region, uri.getPath(), params);
    if (!service.equals("sts") && !policy.allows(action, resource)) {
      String message = "User: " + callerArn() + " is not authorized to perform: " + action
          + " because no identity-based policy allows the " + action + " action";
      return switch (service) {
        case "s3", "kms", "secretsmanager" -> ResourcePolicyApis.accessDenied(service, message, requestId);
        case "eks", "inspector2" -> AwsReply.restJsonError(403, "AccessDeniedException", message, requestId);
        case "ssm", "organizations" -> AwsReply.jsonError(400, "AccessDeniedException", message, requestId);
        case "ec2" -> Ec2Api.error(403, "UnauthorizedOperation", "You are not authorized to perform this operation. " + message, requestId);
        default -> AwsReply.queryError(IamApi.NAMESPACE, 403, "AccessDenied", message, requestId);
      };
    }
    return switch (service) {
      case "iam" -> iam.handle(params, requestId);
      case "sts" -> sts.handle(params, requestId);
      case "ssm" -> ssm.handle(request.header("X-Amz-Target").orElse(null), body, requestId);
      case "organizations" -> organizations.handle(request.header("X-Amz-Target").orElse(null), body, requestId);
      case "eks" -> region.equals(regionOf(uri.getPath()).orElse(region))
          ? eks.handle(request.method(), uri.getPath(), SigV4.decodedQuery(uri.getRawQuery()), new String(body, StandardCharsets.UTF_8), requestId)
          : AwsReply.restJsonError(404, "ResourceNotFoundException", "No cluster found for name: " + clusterOf(uri.getPath()) + ".", requestId);
      case "inspector2" -> inspector.handle(uri.getPath(), request.body(), requestId);
      case "ec2" -> ec2.handle(params, requestId);
      case "s3", "kms", "secretsmanager" -> resourcePolicies.handle(service, request.method(), uri.getPath(), uri.getRawQuery(),
          request.header("X-Amz-Target").orElse(null), body, requestId);
      default -> AwsReply.queryError(IamApi.NAMESPACE, 400, "InvalidAction",
          "this demo account serves iam, sts, eks, ssm, inspector2, ec2, s3, kms, secretsmanager and organizations, not " + service,
          requestId);
    };
  }

  /**
   * The resource a request acts on, as IAM authorizes it: an EKS cluster (or one of its Pod Identity
   * associations), the IAM role or policy named; {@code *} for calls on no particular resource.
   */
  private String resourceOf(String service, String region, String path, Map<String, String> params) {
    String[] seg = path.split("/");
    if (service.equals("eks") && seg.length > 2 && seg[1].equals("clusters")) {
      String eks = "arn:aws:eks:" + region + ":" + account.accountId() + ":";
      return seg.length > 4 && seg[3].equals("pod-identity-associations")
          ? eks + "podidentityassociation/" + seg[2] + "/" + seg[4]
          : eks + "cluster/" + seg[2];
    }
    if (service.equals("iam")) {
      if (params.containsKey("RoleName")) {
        return account.roleArn(params.get("RoleName"));
      }
      return params.getOrDefault("PolicyArn", params.getOrDefault("PolicySourceArn", "*"));
    }
    return "*";
  }

  /** EKS is regional: a cluster is found only by requests signed for its region. */
  private Optional<String> regionOf(String path) {
    return account.cluster(clusterOf(path)).map(DemoAccount.Cluster::region);
  }

  private static String clusterOf(String path) {
    String[] seg = path.split("/");
    return seg.length > 2 ? seg[2] : "";
  }

  private static boolean restJson(String service) {
    return service.equals("eks") || service.equals("inspector2");
  }

  /** A signature failure in the words of the service's protocol. */
  private static AwsReply refused(String service, SigV4.Verdict verdict, String requestId) {
    if (restJson(service)) {
      String code = switch (verdict.refusal()) {
        case MISSING -> "MissingAuthenticationTokenException";
        case UNKNOWN_KEY -> "UnrecognizedClientException";
        case EXPIRED, BAD_SIGNATURE -> "InvalidSignatureException";
        case MALFORMED -> "IncompleteSignatureException";
      };
      return AwsReply.restJsonError(verdict.refusal() == SigV4.Refusal.MALFORMED ? 400 : 403, code, verdict.message(), requestId);
    }
    String code = switch (verdict.refusal()) {
      case MISSING -> "MissingAuthenticationToken";
      case UNKNOWN_KEY -> "InvalidClientTokenId";
      case EXPIRED -> service.equals("sts") ? "ExpiredToken" : "SignatureDoesNotMatch";
      case BAD_SIGNATURE -> "SignatureDoesNotMatch";
      case MALFORMED -> "IncompleteSignature";
    };
    String namespace = service.equals("sts") ? StsApi.NAMESPACE : IamApi.NAMESPACE;
    return AwsReply.queryError(namespace, verdict.refusal() == SigV4.Refusal.MALFORMED ? 400 : 403, code, verdict.message(), requestId);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
