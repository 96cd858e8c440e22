package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resource-based policies of the demo account ({@code resource-policies.yaml}) over the real wire
 * protocols: S3 {@code GetBucketPolicy} (REST-XML: {@code GET /bucket?policy}, path-style, the policy
 * as the JSON body; errors as S3's XML {@code <Error>}), KMS {@code GetKeyPolicy}
 * ({@code TrentService.GetKeyPolicy}) and Secrets Manager {@code GetResourcePolicy}
 * ({@code secretsmanager.GetResourcePolicy}), both JSON 1.1. Read calls only.
 */
final class ResourcePolicyApis {
  static final Set<String> SERVICES = Set.of("s3", "kms", "secretsmanager");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private record Key(String arn, String policy) {}

  private final String accountId;
  /** Bucket name → its policy ({@code ""}: the bucket has none). */
  private final Map<String, String> buckets;
  /** Key id → key. */
  private final Map<String, Key> keys;
  /** Secret ARN → its policy ({@code ""}: none). */
  private final Map<String, String> secrets;

  private ResourcePolicyApis(String accountId, Map<String, String> buckets, Map<String, Key> keys, Map<String, String> secrets) {
    this.accountId = accountId;
    this.buckets = buckets;
    this.keys = keys;
    this.secrets = secrets;
  }

  static ResourcePolicyApis load(String accountId) {
    try (InputStream in = ResourcePolicyApis.class.getResourceAsStream("resource-policies.yaml")) {
      if (in == null) {
        throw new IllegalStateException("resource-policies.yaml is missing from the demo module's resources");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, String> buckets = new LinkedHashMap<>();
      root.path("buckets").forEach(b -> buckets.put(b.path("name").asText(), b.path("policy").asText("")));
      Map<String, Key> keys = new LinkedHashMap<>();
      root.path("keys").forEach(k -> keys.put(k.path("id").asText(), new Key("arn:aws:kms:" + k.path("region").asText() + ":" + accountId + ":key/"
          + k.path("id").asText(), k.path("policy").asText())));
      Map<String, String> secrets = new LinkedHashMap<>();
      root.path("secrets").forEach(s -> secrets.put(s.path("arn").asText(), s.path("policy").asText("")));
      return new ResourcePolicyApis(accountId, buckets, keys, secrets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo's resource policies", e);
    }
  }

  /** The IAM action of a request ({@code s3:GetBucketPolicy}, {@code kms:GetKeyPolicy}, ...), for the caller's permission check. */
  static String action(String service, String method, String rawQuery, String target) {
    if (service.equals("s3")) {
      boolean policy = rawQuery != null && java.util.Arrays.asList(rawQuery.split("&")).stream().anyMatch(p -> p.equals("policy") || p.startsWith("policy="));
      return "s3:" + (method.equals("GET") && policy ? "GetBucketPolicy" : method + " (not served)");
    }
    return service + ":" + (target == null ? "" : target.substring(target.indexOf('.') + 1));
  }

  /** The ARN a request acts on, as IAM authorizes it (the bucket, the key, the secret); {@code *} when it names none. */
  String resource(String service, String region, String path, byte[] body) {
    return switch (service) {
      case "s3" -> "arn:aws:s3:::" + bucketOf(path);
      case "kms" -> keyOf(field(body, "KeyId")).map(Key::arn).orElse("arn:aws:kms:" + region + ":" + accountId + ":key/" + field(body, "KeyId"));
      default -> {
        String id = field(body, "SecretId");
        yield secretOf(id).orElse(id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + id);
      }
    };
  }

  /** An AccessDenied in the words of the service's protocol. */
  static AwsReply accessDenied(String service, String message, String requestId) {
    return service.equals("s3") ? s3Error(403, "AccessDenied", message, requestId) : AwsReply.jsonError(400, "AccessDeniedException", message, requestId);
  }

  AwsReply handle(String service, String method, String path, String rawQuery, String target, byte[] body, String requestId) {
    return switch (service) {
      case "s3" -> getBucketPolicy(method, path, rawQuery, requestId);
      case "kms" -> getKeyPolicy(target, body, requestId);
      default -> getResourcePolicy(target, body, requestId);
    };
  }

  private AwsReply getBucketPolicy(String method, String path, String rawQuery, String requestId) {
    if (!action("s3", method, rawQuery, null).equals("s3:GetBucketPolicy")) {
      return s3Error(501, "NotImplemented", "this demo account's S3 serves GetBucketPolicy only", requestId);
    }
    String bucket = bucketOf(path);
    String policy = buckets.get(bucket);
    if (policy == null) {
      return s3Error(404, "NoSuchBucket", "The specified bucket does not exist", requestId);
    }
    if (policy.isEmpty()) {
      return s3Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist", requestId);
    }
    return new AwsReply(200, AwsReply.JSON, Map.of("x-amz-request-id", requestId), policy);
  }

  private AwsReply getKeyPolicy(String target, byte[] body, String requestId) {
    if (!"TrentService.GetKeyPolicy".equals(target)) {
      return AwsReply.jsonError(400, "UnknownOperationException", "this demo account's KMS serves GetKeyPolicy only", requestId);
    }
    String keyId = field(body, "KeyId");
    Optional<Key> key = keyOf(keyId);
    if (key.isEmpty()) {
      return AwsReply.jsonError(400, "NotFoundException", "Key '" + keyId + "' does not exist", requestId);
    }
    String name = field(body, "PolicyName");
    if (!name.isEmpty() && !name.equals("default")) {
      return AwsReply.jsonError(400, "NotFoundException", "No such policy exists", requestId);
    }
    ObjectNode out = JSON.createObjectNode().put("Policy", key.get().policy()).put("PolicyName", "default");
    return new AwsReply(200, JSON_11, Map.of(), out.toString());
  }

  private AwsReply getResourcePolicy(String target, byte[] body, String requestId) {
    if (!"secretsmanager.GetResourcePolicy".equals(target)) {
      return AwsReply.jsonError(400, "InvalidAction", "this demo account's Secrets Manager serves GetResourcePolicy only", requestId);
    }
    Optional<String> arn = secretOf(field(body, "SecretId"));
    if (arn.isEmpty()) {
      return AwsReply.jsonError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", requestId);
    }
    String name = arn.get().substring(arn.get().indexOf(":secret:") + ":secret:".length()).replaceAll("-[A-Za-z0-9]{6}$", "");
    ObjectNode out = JSON.createObjectNode().put("ARN", arn.get()).put("Name", name);
    String policy = secrets.get(arn.get());
    if (!policy.isEmpty()) {
      out.put("ResourcePolicy", policy);
    }
    return new AwsReply(200, JSON_11, Map.of(), out.toString());
  }

  private Optional<Key> keyOf(String idOrArn) {
    return Optional.ofNullable(keys.get(idOrArn.substring(idOrArn.lastIndexOf('/') + 1))).filter(k -> !idOrArn.startsWith("arn:") || k.arn().equals(idOrArn));
  }

  /** A secret by its ARN or its name. */
  private Optional<String> secretOf(String idOrName) {
    return secrets.keySet().stream().filter(arn -> arn.equals(idOrName) || arn.replaceAll("-[A-Za-z0-9]{6}$", "").endsWith(":secret:" + idOrName))
        .findFirst();
  }

  private static String bucketOf(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
  }

  private static String field(byte[] body, String name) {
    try {
      return JSON.readTree(new String(body, StandardCharsets.UTF_8)).path(name).asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** S3's REST-XML error document. */
  private static AwsReply s3Error(int status, String code, String message, String requestId) {
    return new AwsReply(status, "application/xml", Map.of("x-amz-request-id", requestId), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
        + code + "</Code><Message>" + AwsReply.escape(message) + "</Message><RequestId>" + requestId + "</RequestId><HostId>"
        + requestId + "</HostId></Error>");
  }
}
