package io.periscope.aws.iam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code periscope iam evaluate} through the real top-level command line, on policy files. */
class IamEvaluateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("iam", "evaluate"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  private String policy(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file.toString();
  }

  private JsonNode answer() throws Exception {
    return JSON.readTree(out.toString());
  }

  @Test
  void anExplicitGrantIsAllowedWithItsStatementAndTheCatalogEntry() throws Exception {
    String p = policy("buckets.json", """
        {"Version":"2012-10-17","Statement":[{"Sid":"Cleanup","Effect":"Allow","Action":["s3:DeleteBucket","s3:ListBucket"],
          "Resource":"arn:aws:s3:::scratch-*"}]}""");

    assertThat(run("--action", "s3:DeleteBucket", p)).isEqualTo(IamEvaluateCommand.DECIDED);

    JsonNode a = answer();
    assertThat(a.get("decision").asText()).isEqualTo("allowed");
    assertThat(a.get("wildcard").asBoolean()).isFalse();
    assertThat(a.get("statements")).singleElement().satisfies(s -> {
      assertThat(s.get("policy").asText()).isEqualTo(p);
      assertThat(s.get("sid").asText()).isEqualTo("Cleanup");
      assertThat(s.get("index").asInt()).isZero();
      assertThat(s.get("matchedBy").asText()).isEqualTo("s3:DeleteBucket");
      assertThat(s.get("resources").toString()).isEqualTo("[\"arn:aws:s3:::scratch-*\"]");
    });
    assertThat(a.get("sensitive").get("category").asText()).isEqualTo("destructive");
  }

  @Test
  void aGrantOnlyThroughActionStarIsTheWildcardChip() throws Exception {
    String admin = policy("admin.json", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
    run("--action", "iam:PassRole", admin);
    JsonNode a = answer();
    assertThat(a.get("decision").asText()).isEqualTo("allowed");
    assertThat(a.get("wildcard").asBoolean()).isTrue();
    assertThat(a.get("sensitive").get("action").asText()).isEqualTo("iam:PassRole");
  }

  @Test
  void aConditionMakesItConditionalAndAPatternEntryIsSensitive() throws Exception {
    String p = policy("ssm.json", """
        {"Statement":[{"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":"*",
          "Condition":{"StringEquals":{"aws:PrincipalTag/team":"payments"}}}]}""");
    run("--action", "ssm:GetParametersByPath", p);
    JsonNode a = answer();
    assertThat(a.get("decision").asText()).isEqualTo("conditional");
    assertThat(a.get("statements").get(0).get("conditional").asBoolean()).isTrue();
    assertThat(a.get("sensitive").get("action").asText()).isEqualTo("ssm:GetParameter*");
  }

  @Test
  void aStatedRequestContextDecidesTheConditionsAndAKeyItLeavesOutKeepsItConditional() throws Exception {
    String p = policy("vpc.json", """
        {"Statement":[{"Sid":"FromTheOffice","Effect":"Allow","Action":"s3:DeleteObject","Resource":"*",
          "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}""");

    assertThat(run("--action", "s3:DeleteObject", "--context", "{\"aws:SourceIp\":\"10.1.2.3\"}", p)).isZero();
    assertThat(answer().get("decision").asText()).isEqualTo("allowed");
    assertThat(answer().get("context").get("aws:sourceip").get(0).asText()).isEqualTo("10.1.2.3");
    out.getBuffer().setLength(0);

    run("--action", "s3:DeleteObject", "--context", "{\"aws:SourceIp\":\"192.168.1.9\"}", p);
    assertThat(answer().get("decision").asText()).isEqualTo("denied");
    assertThat(answer().get("denial").asText()).isEqualTo("implicit");
    out.getBuffer().setLength(0);

    run("--action", "s3:DeleteObject", "--context", "{\"aws:SecureTransport\":\"true\"}", p);
    assertThat(answer().get("decision").asText()).as("aws:SourceIp not stated").isEqualTo("conditional");
    out.getBuffer().setLength(0);

    assertThat(run("--action", "s3:DeleteObject", "--context", "{\"aws:SourceIp\":\"not-an-ip\"}", p)).isEqualTo(IamEvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains("--context").containsIgnoringCase("aws:SourceIp");
    assertThat(run("--action", "s3:DeleteObject", "--context", "[1]", p)).isEqualTo(IamEvaluateCommand.BAD_INPUT);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anExplicitDenyInAnyFileWinsAndNothingIsAnImplicitDeny() throws Exception {
    String allow = policy("allow.json", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}");
    String deny = policy("deny.json", "{\"Statement\":[{\"Sid\":\"NoTerminate\",\"Effect\":\"Deny\",\"Action\":\"ec2:TerminateInstances\",\"Resource\":\"*\"}]}");

    run("--action", "ec2:TerminateInstances", allow, deny);
    JsonNode denied = answer();
    assertThat(denied.get("decision").asText()).isEqualTo("denied");
    assertThat(denied.get("denial").asText()).isEqualTo("explicit");
    assertThat(denied.get("statements").get(0).get("sid").asText()).isEqualTo("NoTerminate");

    out.getBuffer().setLength(0);
    run("--action", "s3:GetObject", allow);
    assertThat(answer().get("denial").asText()).isEqualTo("implicit");
    assertThat(answer().get("sensitive").isNull()).isTrue();
  }

  @Test
  void aResourceNarrowsTheQuestion() throws Exception {
    String p = policy("buckets.json", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"arn:aws:s3:::scratch-*\"}]}");
    run("--action", "s3:DeleteBucket", "--resource", "arn:aws:s3:::payroll", p);
    assertThat(answer().get("decision").asText()).isEqualTo("denied");
    out.getBuffer().setLength(0);
    run("--action", "s3:DeleteBucket", "--resource", "arn:aws:s3:::scratch-7", p);
    assertThat(answer().get("decision").asText()).isEqualTo("allowed");
  }

  @Test
  void badInputIsExitTwoWithTheReasonAndNoOutput() throws Exception {
    String broken = policy("broken.json", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"s3:*\"}]}");
    assertThat(run("--action", "s3:GetObject", broken)).isEqualTo(IamEvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains(broken + " statement 0").contains("Effect 'Maybe'");

    assertThat(run("--action", "s3:Get*", broken)).isEqualTo(IamEvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains("no wildcards");

    assertThat(run("--action", "s3:GetObject", dir.resolve("missing.json").toString())).isEqualTo(IamEvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains("cannot read");
    assertThat(out.toString()).isEmpty();

    assertThat(run("--action", "s3:GetObject")).as("a policy file is required").isEqualTo(2);
  }
}
