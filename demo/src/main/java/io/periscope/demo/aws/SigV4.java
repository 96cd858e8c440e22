package io.periscope.demo.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 the way an AWS endpoint does: the {@code Authorization} header
 * form (every SDK call) and the presigned query-string form (the EKS bearer token's
 * {@code GetCallerIdentity} URL). The canonical request follows the AWS reference for services
 * other than S3 (the path URI-encoded again, the query sorted and re-encoded). Requests signed more
 * than {@link #SKEW} away from the verifier's time are refused, as AWS does; presigned URLs past
 * their {@code X-Amz-Expires} too (STS: 15 minutes, whatever they say).
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String EMPTY_SHA256 = sha256Hex(new byte[0]);

  private SigV4() {}

  /** The request as it arrived; header names in any case, the path and query exactly as sent (still encoded). */
  record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst();
    }

    List<String> headerValues(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).toList();
    }
  }

  /** Who signed and for what: the credential scope. */
  record Signer(String accessKeyId, String date, String region, String service) {}

  /** Why a request is refused; each protocol names these with its own error code. */
  enum Refusal { MISSING, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED }

  /** The verdict: a signer when the signature holds, else the refusal and a message like AWS's. */
  record Verdict(Optional<Signer> signer, Refusal refusal, String message) {
    static Verdict ok(Signer s) {
      return new Verdict(Optional.of(s), null, "");
    }

    static Verdict refused(Refusal r, String message) {
      return new Verdict(Optional.empty(), r, message);
    }
  }

  /** The service a request was signed for, without checking the signature (for routing). */
  static Optional<String> signedService(Request request) {
    return scopeText(request).map(s -> s.split("/")).filter(p -> p.length == 5).map(p -> p[3]);
  }

  /**
   * @param secretFor the secret access key of an access key id, if the account knows it
   */
  static Verdict verify(Request request, Function<String, Optional<String>> secretFor, Instant now) {
    Map<String, String> query = decodedQuery(request.rawQuery());
    boolean presigned = query.containsKey("X-Amz-Signature");
    Optional<String> authorization = request.header("Authorization");
    if (!presigned && authorization.isEmpty()) {
      return Verdict.refused(Refusal.MISSING, "Request is missing Authentication Token");
    }
    String credential;
    String signedHeaders;
    String signature;
    String amzDate;
    if (presigned) {
      if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
        return Verdict.refused(Refusal.MALFORMED, "X-Amz-Algorithm must be " + ALGORITHM);
      }
      credential = query.getOrDefault("X-Amz-Credential", "");
      signedHeaders = query.getOrDefault("X-Amz-SignedHeaders", "");
      signature = query.get("X-Amz-Signature");
      amzDate = query.getOrDefault("X-Amz-Date", "");
    } else {
      String auth = authorization.get();
      if (!auth.startsWith(ALGORITHM + " ")) {
        return Verdict.refused(Refusal.MALFORMED, "Authorization header requires the " + ALGORITHM + " algorithm");
      }
      Map<String, String> parts = new LinkedHashMap<>();
      for (String part : auth.substring(ALGORITHM.length() + 1).split(",")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length == 2) {
          parts.put(kv[0], kv[1]);
        }
      }
      credential = parts.getOrDefault("Credential", "");
      signedHeaders = parts.getOrDefault("SignedHeaders", "");
      signature = parts.getOrDefault("Signature", "");
      amzDate = request.header("X-Amz-Date").orElse("");
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4]) || signedHeaders.isEmpty() || signature.isEmpty()) {
      return Verdict.refused(Refusal.MALFORMED, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with a valid "
          + "credential scope (<key>/<date>/<region>/<service>/aws4_request)");
    }
    Signer signer = new Signer(scope[0], scope[1], scope[2], scope[3]);
    Optional<String> secret = secretFor.apply(signer.accessKeyId());
    if (secret.isEmpty()) {
      return Verdict.refused(Refusal.UNKNOWN_KEY, "The security token included in the request is invalid.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      return Verdict.refused(Refusal.MALFORMED, "X-Amz-Date '" + amzDate + "' is not a date of the form 20060102T150405Z");
    }
    if (!amzDate.startsWith(signer.date())) {
      return Verdict.refused(Refusal.BAD_SIGNATURE, "Credential should be scoped to a valid date: '" + amzDate.substring(0, 8) + "'");
    }
    if (presigned) {
      long expires;
      try {
        expires = Long.parseLong(query.getOrDefault("X-Amz-Expires", ""));
      } catch (NumberFormatException e) {
        return Verdict.refused(Refusal.MALFORMED, "X-Amz-Expires must be a number of seconds");
      }
      // STS ignores X-Amz-Expires on presigned calls and honours them for 15 minutes, which is why an
      // EKS token (X-Amz-Expires=60) stays good for 15 (aws-iam-authenticator#160, aws-sdk-go#2167).
      if (signer.service().equals("sts")) {
        expires = SKEW.toSeconds();
      }
      if (now.isAfter(signedAt.plusSeconds(expires)) || now.isBefore(signedAt.minus(SKEW))) {
        return Verdict.refused(Refusal.EXPIRED, "Request has expired: signed at " + amzDate + " for " + expires + " seconds");
      }
    } else if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0) {
      return Verdict.refused(Refusal.EXPIRED, "Signature expired: " + amzDate + " is now more than 15 minutes away from "
          + AMZ_DATE.format(now) + " (" + AMZ_DATE.format(now.minus(SKEW)) + " - " + AMZ_DATE.format(now.plus(SKEW)) + ")");
    }
    List<String> payloadHashes = presigned ? List.of(EMPTY_SHA256, "UNSIGNED-PAYLOAD")
        : List.of(request.header("X-Amz-Content-Sha256").orElseGet(() -> sha256Hex(request.body())));
    for (String payloadHash : payloadHashes) {
      String canonical = canonicalRequest(request, signedHeaders, presigned, payloadHash);
      String toSign = ALGORITHM + "\n" + amzDate + "\n" + String.join("/", signer.date(), signer.region(), signer.service(), "aws4_request")
          + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
      byte[] key = signingKey(secret.get(), signer);
      if (MessageDigest.isEqual(HexFormat.of().formatHex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII),
          signature.getBytes(StandardCharsets.US_ASCII))) {
        return Verdict.ok(signer);
      }
    }
    return Verdict.refused(Refusal.BAD_SIGNATURE, "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }

  private static String canonicalRequest(Request request, String signedHeaders, boolean presigned, String payloadHash) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = String.join(",", request.headerValues(name).stream().map(v -> v.trim().replaceAll(" +", " ")).toList());
      headers.append(name.toLowerCase(Locale.ROOT)).append(':').append(value).append('\n');
    }
    return request.method() + "\n" + canonicalUri(request.rawPath()) + "\n" + canonicalQuery(request.rawQuery(), presigned) + "\n"
        + headers + "\n" + signedHeaders + "\n" + payloadHash;
  }

  /** Services other than S3 sign the path URI-encoded once more (each {@code %} of the sent path becomes {@code %25}). */
  private static String canonicalUri(String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    return uriEncode(path, false);
  }

  private static String canonicalQuery(String rawQuery, boolean presigned) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      String key = percentDecode(kv[0]);
      if (presigned && key.equals("X-Amz-Signature")) {
        continue;
      }
      pairs.add(new String[] {uriEncode(key, true), uriEncode(kv.length > 1 ? percentDecode(kv[1]) : "", true)});
    }
    pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
  }

  /** Query parameters decoded (the last value of a repeated name wins). */
  static Map<String, String> decodedQuery(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        out.put(percentDecode(kv[0]), kv.length > 1 ? percentDecode(kv[1]) : "");
      }
    }
    return out;
  }

  private static Optional<String> scopeText(Request request) {
    Map<String, String> query = decodedQuery(request.rawQuery());
    if (query.containsKey("X-Amz-Credential")) {
      return Optional.of(query.get("X-Amz-Credential"));
    }
    return request.header("Authorization").flatMap(a -> {
      int at = a.indexOf("Credential=");
      if (at < 0) {
        return Optional.empty();
      }
      String rest = a.substring(at + "Credential=".length());
      int end = rest.indexOf(',');
      return Optional.of((end < 0 ? rest : rest.substring(0, end)).trim());
    });
  }

  /** RFC 3986 percent-encoding as SigV4 (and IAM's policy documents) use it: only unreserved characters stay. */
  static String uriEncode(String s, boolean encodeSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
          || c == '/' && !encodeSlash) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  /** Decodes {@code %XX} sequences; a {@code +} stays a plus (SigV4 clients encode spaces as {@code %20}). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && HexFormat.isHexDigit(s.charAt(i + 1)) && HexFormat.isHexDigit(s.charAt(i + 2))) {
        out.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] signingKey(String secret, Signer s) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), s.date());
    k = hmac(k, s.region());
    k = hmac(k, s.service());
    return hmac(k, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
