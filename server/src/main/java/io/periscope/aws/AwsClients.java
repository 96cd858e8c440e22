package io.periscope.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where every AWS client of the server comes from: the server's own identity, one clock for
 * signing, one time-out, and endpoint overrides (tests and the demo's in-process fake account
 * reach the real SDK clients this way; production has none).
 *
 * <p>One SDK client per (service, region), built on first use and shared by every caller, all on
 * one HTTP client: callers never close them. {@link #close()} closes them all (the composition
 * root does, when the server stops); a client asked for afterwards is refused.
 *
 * <p>Credentials come from the SDK default chain only (EKS Pod Identity, IRSA web identity,
 * environment, profile, instance role): there is deliberately no configuration key for keys.
 * Calls use the JDK URL-connection HTTP client (never netty-nio, see DEPS.md).
 */
public final class AwsClients implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AwsClients.class);

  private record Key(String service, Region region) {}

  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final Map<String, URI> endpointOverrides;
  private final Duration apiCallTimeout;
  private final Clock clock;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Map<Key, SdkClient> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param credentials the server's identity; the caller keeps ownership of it
   * @param endpointOverrides by SDK service id in lower case ({@code eks}, {@code sts}, ...)
   * @param clock signs every request (SigV4 date and credential scope)
   */
  public AwsClients(AwsCredentialsProvider credentials, Map<String, URI> endpointOverrides, Duration apiCallTimeout, Clock clock) {
    this(credentials, false, endpointOverrides, apiCallTimeout, clock);
  }

  private AwsClients(AwsCredentialsProvider credentials, boolean ownsCredentials, Map<String, URI> endpointOverrides,
      Duration apiCallTimeout, Clock clock) {
    this.credentials = credentials;
    this.ownsCredentials = ownsCredentials;
    this.endpointOverrides = Map.copyOf(endpointOverrides);
    this.apiCallTimeout = apiCallTimeout;
    this.clock = clock;
  }

  /** Production: the default credential chain (closed with these clients), AWS's own endpoints. */
  public static AwsClients defaultChain(Duration apiCallTimeout, Clock clock) {
    return new AwsClients(DefaultCredentialsProvider.builder().build(), true, Map.of(), apiCallTimeout, clock);
  }

  /** The shared EKS client of the region. */
  public EksClient eks(Region region) {
    return shared("eks", region, () -> configure(EksClient.builder(), "eks", region));
  }

  /** The shared SSM client of the region (the EKS optimized AMI releases are its public parameters). */
  public SsmClient ssm(Region region) {
    return shared("ssm", region, () -> configure(SsmClient.builder(), "ssm", region));
  }

  /** The shared IAM client of the region's partition (a global service: its endpoint lives in the partition's global region). */
  public IamClient iam(Region anyRegionOfThePartition) {
    Region global = ofPartition(anyRegionOfThePartition, Region.AWS_GLOBAL, Region.AWS_CN_GLOBAL, Region.AWS_US_GOV_GLOBAL);
    return shared("iam", global, () -> configure(IamClient.builder(), "iam", global));
  }

  /**
   * The shared AWS Organizations client of the region's partition: a global service whose one
   * endpoint lives in {@code us-east-1} (GovCloud: {@code us-gov-west-1}; China: {@code cn-northwest-1}).
   */
  public OrganizationsClient organizations(Region anyRegionOfThePartition) {
    Region home = ofPartition(anyRegionOfThePartition, Region.US_EAST_1, Region.CN_NORTHWEST_1, Region.US_GOV_WEST_1);
    return shared("organizations", home, () -> configure(OrganizationsClient.builder(), "organizations", home));
  }

  /** The home region of a global service in the region's partition (commercial, China, GovCloud); the region itself elsewhere. */
  private static Region ofPartition(Region any, Region aws, Region cn, Region gov) {
    return switch (PartitionMetadata.of(any).id()) {
      case "aws" -> aws;
      case "aws-cn" -> cn;
      case "aws-us-gov" -> gov;
      default -> any;
    };
  }

  /** The shared Amazon Inspector v2 client of the region (findings are regional). */
  public Inspector2Client inspector2(Region region) {
    return shared("inspector2", region, () -> configure(Inspector2Client.builder(), "inspector2", region));
  }

  /** The shared EC2 client of the region (instance tags: what launched a node). */
  public Ec2Client ec2(Region region) {
    return shared("ec2", region, () -> configure(Ec2Client.builder(), "ec2", region));
  }

  /**
   * The shared S3 client of the region (bucket policies). It follows a bucket to its own region;
   * with an endpoint override it addresses buckets by path, as local S3 endpoints expect.
   */
  public S3Client s3(Region region) {
    return shared("s3", region, () -> {
      var builder = S3Client.builder().crossRegionAccessEnabled(true);
      endpointOverride("s3").ifPresent(e -> builder.forcePathStyle(true));
      return configure(builder, "s3", region);
    });
  }

  /** The shared KMS client of the region (key policies). */
  public KmsClient kms(Region region) {
    return shared("kms", region, () -> configure(KmsClient.builder(), "kms", region));
  }

  /** The shared Secrets Manager client of the region (secrets' resource policies). */
  public SecretsManagerClient secretsManager(Region region) {
    return shared("secretsmanager", region, () -> configure(SecretsManagerClient.builder(), "secretsmanager", region));
  }

  /** The shared STS client of the region, on its regional endpoint unless overridden. */
  public StsClient sts(Region region) {
    return shared("sts", region, () -> {
      var builder = StsClient.builder();
      if (endpointOverride("sts").isEmpty()) {
        builder.endpointOverride(regionalStsEndpoint(region));
      }
      return configure(builder, "sts", region);
    });
  }

  /** The STS endpoint a presigned {@code GetCallerIdentity} URL points at (regional unless overridden). */
  public URI stsEndpoint(Region region) {
    return endpointOverride("sts").orElseGet(() -> regionalStsEndpoint(region));
  }

  /** The server's own AWS identity. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** The clock every request is signed with. */
  public Clock clock() {
    return clock;
  }

  @SuppressWarnings("unchecked")
  private <C extends SdkClient> C shared(String service, Region region, Supplier<C> build) {
    if (closed) {
      throw new IllegalStateException("the AWS clients are closed (the server is stopping)");
    }
    C client = (C) clients.computeIfAbsent(new Key(service, region), k -> build.get());
    if (closed) { // closed while this one was being built
      close();
      throw new IllegalStateException("the AWS clients are closed (the server is stopping)");
    }
    return client;
  }

  /**
   * Applies region, identity, the shared HTTP client, time-out, signing clock and any endpoint
   * override. Retries: the SDK's standard mode (3 attempts, exponential backoff with jitter,
   * throttling errors retried and rate-limited), bounded by the time-out for the whole call.
   */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String service, Region region) {
    builder.region(region)
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(o -> o.apiCallTimeout(apiCallTimeout).retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD))
        .putAuthScheme(new ClockedSigV4AuthScheme(clock));
    endpointOverride(service).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private Optional<URI> endpointOverride(String service) {
    return Optional.ofNullable(endpointOverrides.get(service));
  }

  /** {@code https://sts.<region>.<partition dns suffix>}, the regional endpoint aws-iam-authenticator accepts. */
  public static URI regionalStsEndpoint(Region region) {
    String suffix = PartitionMetadata.of(region).dnsSuffix();
    return URI.create("https://sts." + region.id() + "." + suffix);
  }

  /** Closes every client built, the HTTP client, and the default credential chain when it was built here. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (SdkClient c : clients.values()) {
      closeQuietly(c);
    }
    clients.clear();
    closeQuietly(http);
    if (ownsCredentials && credentials instanceof SdkAutoCloseable c) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(SdkAutoCloseable c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      log.warn("error while closing {}", c.getClass().getSimpleName(), e);
    }
  }
}
