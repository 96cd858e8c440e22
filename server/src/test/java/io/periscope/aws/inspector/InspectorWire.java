package io.periscope.aws.inspector;

import java.util.List;
import java.util.stream.Collectors;

/** Inspector v2 REST-JSON bodies in the shapes of the AWS API reference (ListFindings, ListCoverage, errors). */
public final class InspectorWire {
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "eu-west-1";

  private InspectorWire() {}

  public static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  /** A PACKAGE_VULNERABILITY finding on an ECR image, one vulnerable package. */
  public static String imageFinding(String cve, String severity, String digest, String repository, String platform, String pkg,
      String packageManager, String version, String fixedIn, boolean exploit) {
    return """
        {"awsAccountId":"%1$s","findingArn":"arn:aws:inspector2:%2$s:%1$s:finding/%3$s%4$s","type":"PACKAGE_VULNERABILITY",
         "title":"%3$s - %5$s","description":"A flaw in %5$s.","severity":"%6$s","status":"ACTIVE","inspectorScore":7.5,
         "exploitAvailable":"%10$s","fixAvailable":"%11$s","firstObservedAt":1.7e9,"lastObservedAt":1.7e9,"updatedAt":1.7e9,
         "remediation":{"recommendation":{"text":"None Provided"}},
         "packageVulnerabilityDetails":{"vulnerabilityId":"%3$s","source":"NVD","sourceUrl":"https://nvd.nist.gov/vuln/detail/%3$s",
           "vulnerablePackages":[{"name":"%5$s","version":"%7$s","packageManager":"%8$s","fixedInVersion":"%9$s"}]},
         "resources":[{"type":"AWS_ECR_CONTAINER_IMAGE","id":"arn:aws:ecr:%2$s:%1$s:repository/%12$s/%4$s","region":"%2$s","partition":"aws",
           "details":{"awsEcrContainerImage":{"repositoryName":"%12$s","registry":"%1$s","imageHash":"%4$s","architecture":"amd64",
             "platform":"%13$s","imageTags":["1.4.2"]}}}]}
        """.formatted(ACCOUNT, REGION, cve, digest, pkg, severity, version, packageManager, fixedIn, exploit ? "YES" : "NO",
        fixedIn.equals("NotAvailable") ? "NO" : "YES", repository, platform);
  }

  /** A finding on an EC2 instance (an OS package of the node's AMI). */
  static String instanceFinding(String cve, String severity, String instanceId, String pkg, String version, String fixedIn) {
    return """
        {"awsAccountId":"%1$s","findingArn":"arn:aws:inspector2:%2$s:%1$s:finding/%3$s%4$s","type":"PACKAGE_VULNERABILITY",
         "title":"%3$s - %5$s","severity":"%6$s","status":"ACTIVE","inspectorScore":8.1,"exploitAvailable":"NO","fixAvailable":"YES",
         "packageVulnerabilityDetails":{"vulnerabilityId":"%3$s","source":"ALAS","sourceUrl":"https://alas.aws.amazon.com/%3$s.html",
           "vulnerablePackages":[{"name":"%5$s","version":"%7$s","epoch":0,"packageManager":"OS","fixedInVersion":"%8$s"}]},
         "resources":[{"type":"AWS_EC2_INSTANCE","id":"%4$s","region":"%2$s","partition":"aws",
           "details":{"awsEc2Instance":{"type":"m6i.large","imageId":"ami-0abcdef1234567890","platform":"AMAZON_LINUX_2023"}}}]}
        """.formatted(ACCOUNT, REGION, cve, instanceId, pkg, severity, version, fixedIn);
  }

  public static String findings(List<String> findings, String nextToken) {
    return "{\"findings\":[" + String.join(",", findings) + "]" + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
  }

  /** A covered ECR image (resourceId is the image's repository ARN with its digest). */
  static String coveredImage(String repository, String digest, String status, String reason, List<String> tags) {
    return """
        {"accountId":"%1$s","resourceId":"arn:aws:ecr:%2$s:%1$s:repository/%3$s/%4$s","resourceType":"AWS_ECR_CONTAINER_IMAGE",
         "scanType":"PACKAGE","scanStatus":{"statusCode":"%5$s","reason":"%6$s"},"lastScannedAt":1.7e9,
         "resourceMetadata":{"ecrImage":{"tags":[%7$s],"imagePulledAt":1.7e9}}}
        """.formatted(ACCOUNT, REGION, repository, digest, status, reason,
        tags.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")));
  }

  static String coveredInstance(String instanceId, String status, String reason) {
    return """
        {"accountId":"%1$s","resourceId":"%2$s","resourceType":"AWS_EC2_INSTANCE","scanType":"PACKAGE","scanMode":"EC2_SSM_AGENT_BASED",
         "scanStatus":{"statusCode":"%3$s","reason":"%4$s"},"lastScannedAt":1.7e9,
         "resourceMetadata":{"ec2":{"platform":"LINUX","amiId":"ami-0abcdef1234567890"}}}
        """.formatted(ACCOUNT, instanceId, status, reason);
  }

  public static String coverage(List<String> resources, String nextToken) {
    return "{\"coveredResources\":[" + String.join(",", resources) + "]" + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
  }

  /** EC2 {@code DescribeInstancesResponse} (query protocol XML) of one running instance with these tags. */
  static String describeInstances(String instanceId, java.util.Map<String, String> tags) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
          <reservationSet><item><reservationId>r-1234567890abcdef0</reservationId><ownerId>%1$s</ownerId><groupSet/>
            <instancesSet><item><instanceId>%2$s</instanceId><imageId>ami-0abcdef1234567890</imageId>
              <instanceState><code>16</code><name>running</name></instanceState><instanceType>m6i.large</instanceType>
              <tagSet>%3$s</tagSet></item></instancesSet></item></reservationSet>
        </DescribeInstancesResponse>
        """.formatted(ACCOUNT, instanceId, tags.entrySet().stream()
        .map(t -> "<item><key>" + t.getKey() + "</key><value>" + t.getValue() + "</value></item>").collect(Collectors.joining()));
  }

  static String error(String type, String message) {
    return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
  }
}
