package io.periscope.demo.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the demo's EKS-like apiserver authenticates bearer tokens, as EKS does with
 * aws-iam-authenticator: the token is {@code k8s-aws-v1.} + base64url of a presigned STS
 * {@code GetCallerIdentity} URL; the apiserver sends that request to STS itself (only to the STS
 * endpoint it trusts) with {@code x-k8s-aws-id: <its cluster name>}, so a token signed for another
 * cluster fails STS's signature check; STS names the caller, and only principals with an access
 * entry get in. Answers are cached for the token's 15-minute life.
 */
public final class AwsIamAuthenticator {
  static final String PREFIX = "k8s-aws-v1.";
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern ARN = Pattern.compile("<Arn>arn:aws:sts::(\\d{12}):assumed-role/([^/<]+)/[^<]+</Arn>");
  private static final int CACHE_LIMIT = 256;

  /** Who a token belongs to: the IAM role behind the session and the Kubernetes user name its access entry gives. */
  public record Identity(String roleArn, String username) {}

  private final String clusterId;
  private final URI sts;
  private final Map<String, String> accessEntries;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Identity identity, Instant until) {}

  /**
   * @param clusterId the EKS cluster name the apiserver signs into {@code x-k8s-aws-id}
   * @param sts the STS endpoint tokens must point at
   * @param accessEntries IAM role ARN → Kubernetes user name, the cluster's access entries
   */
  public AwsIamAuthenticator(String clusterId, URI sts, Map<String, String> accessEntries, Clock clock) {
    this.clusterId = clusterId;
    this.sts = sts;
    this.accessEntries = Map.copyOf(accessEntries);
    this.clock = clock;
  }

  /** @return the identity, or empty when the request must get 401 Unauthorized (the reason is not told, as on EKS) */
  public Optional<Identity> authenticate(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer " + PREFIX)) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring("Bearer ".length());
    Instant now = clock.instant();
    Cached hit = cache.get(token);
    if (hit != null && now.isBefore(hit.until())) {
      return Optional.of(hit.identity());
    }
    Optional<URI> url = presignedUrl(token);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> signedAt = signedAt(url.get());
    if (signedAt.isEmpty() || !now.isBefore(signedAt.get().plus(TOKEN_LIFETIME))) {
      return Optional.empty();
    }
    Optional<Identity> identity = callerOf(url.get()).flatMap(role -> Optional.ofNullable(accessEntries.get(role)).map(u -> new Identity(role, u)));
    identity.ifPresent(i -> {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(token, new Cached(i, signedAt.get().plus(TOKEN_LIFETIME)));
    });
    return identity;
  }

  /** The presigned URL, if it is a GetCallerIdentity call to our STS that signs {@code x-k8s-aws-id}. */
  private Optional<URI> presignedUrl(String token) {
    URI url;
    try {
      url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String query = url.getRawQuery() == null ? "" : url.getRawQuery();
    boolean ourSts = sts.getScheme().equals(url.getScheme()) && sts.getHost().equals(url.getHost()) && sts.getPort() == url.getPort();
    boolean callerIdentity = query.contains("Action=GetCallerIdentity") && query.matches(".*X-Amz-SignedHeaders=[^&]*x-k8s-aws-id.*");
    return ourSts && callerIdentity ? Optional.of(url) : Optional.empty();
  }

  private static Optional<Instant> signedAt(URI url) {
    Matcher m = Pattern.compile("(?:^|&)X-Amz-Date=(\\d{8}T\\d{6}Z)").matcher(url.getRawQuery());
    return m.find() ? Optional.of(Instant.from(AMZ_DATE.parse(m.group(1)))) : Optional.empty();
  }

  /** Sends the presigned request to STS with our cluster id; the role ARN of the caller STS names, if it accepted. */
  private Optional<String> callerOf(URI url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("x-k8s-aws-id", clusterId).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = ARN.matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Optional.of("arn:aws:iam::" + m.group(1) + ":role/" + m.group(2)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The access entries' principals, for messages. */
  public Set<String> principals() {
    return accessEntries.keySet();
  }
}
