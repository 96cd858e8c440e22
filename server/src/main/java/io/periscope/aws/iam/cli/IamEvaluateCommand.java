package io.periscope.aws.iam.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.RequestContext;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code periscope iam evaluate --action A [--resource ARN] [--context JSON] POLICY.json...}: decides,
 * as the AWS Access engine does, whether identity policies allow an action, and prints
 * {@code {decision: allowed|denied|conditional, wildcard, statements, sensitive}} as JSON — to check
 * a policy before attaching it. Without {@code --resource} the question is "on any resource";
 * without {@code --context} a statement with a {@code Condition} makes the answer conditional, with
 * it the conditions are decided for that request (a key it does not state leaves them undecided).
 * Exit codes: 0 decided (whatever the decision), 2 bad input (unreadable or invalid policy, bad action).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate IAM identity policies for an action; print {decision, wildcard, statements, sensitive} as JSON.")
public final class IamEvaluateCommand implements Callable<Integer> {
  public static final int DECIDED = 0;
  public static final int BAD_INPUT = 2;
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128}");

  @Option(names = "--action", required = true, paramLabel = "ACTION", description = "IAM action, e.g. s3:DeleteBucket (no wildcards)")
  String action;

  @Option(names = "--resource", paramLabel = "ARN", description = "resource ARN (default: any resource)")
  String resource;

  @Option(names = "--context", paramLabel = "JSON",
      description = "the request's condition keys as a JSON object, e.g. {\"aws:SourceIp\":\"10.0.0.5\"}: conditions are decided for it")
  String context;

  /** Where a stated request's aws:CurrentTime comes from when it does not state one. */
  Clock clock = Clock.systemUTC();

  @Parameters(arity = "1..*", paramLabel = "POLICY.json", description = "identity policy documents (JSON, as IAM stores them)")
  List<Path> policies;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!ACTION.matcher(action).matches()) {
      err.println("error: --action must be one IAM action name like s3:DeleteBucket (service:Action, no wildcards), got '" + action + "'");
      return BAD_INPUT;
    }
    RequestContext ctx;
    try {
      ctx = context == null ? RequestContext.NONE : RequestContext.parse(context).at(clock);
    } catch (IllegalArgumentException e) {
      err.println("error: --context: " + e.getMessage());
      return BAD_INPUT;
    }
    List<PolicyDocument> documents = new ArrayList<>();
    for (Path file : policies) {
      try {
        documents.add(PolicyDocument.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        err.println("error: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        return BAD_INPUT;
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return BAD_INPUT;
      }
    }
    PolicyEngine.Decision decision = PolicyEngine.evaluate(documents, action, Optional.ofNullable(resource), ctx);
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(decision)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the decision as JSON", e);
    }
    return DECIDED;
  }

  private ObjectNode json(PolicyEngine.Decision d) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("action", action);
    root.put("resource", resource == null ? "*" : resource);
    if (context != null) {
      root.set("context", Json.mapper().valueToTree(RequestContext.parse(context).values()));
    }
    root.put("decision", switch (d.verdict()) {
      case ALLOWED -> "allowed";
      case CONDITIONAL -> "conditional";
      case DENIED, NOT_ALLOWED -> "denied";
    });
    if (d.verdict() == PolicyEngine.Verdict.DENIED || d.verdict() == PolicyEngine.Verdict.NOT_ALLOWED) {
      root.put("denial", d.verdict() == PolicyEngine.Verdict.DENIED ? "explicit" : "implicit");
    }
    root.put("wildcard", d.wildcard());
    var statements = root.putArray("statements");
    for (PolicyEngine.StatementRef s : d.statements()) {
      ObjectNode st = statements.addObject();
      st.put("policy", s.policy());
      st.put("sid", s.sid());
      st.put("index", s.index());
      st.put("effect", s.allow() ? "Allow" : "Deny");
      st.put("conditional", s.conditional());
      st.put("matchedBy", s.matchedBy());
      s.resources().forEach(st.putArray("resources")::add);
    }
    SensitiveCatalog.BUILT_IN.of(action).ifPresentOrElse(e -> {
      ObjectNode sensitive = root.putObject("sensitive");
      sensitive.put("action", e.action());
      sensitive.put("category", e.category().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      sensitive.put("why", e.why());
    }, () -> root.putNull("sensitive"));
    return root;
  }
}
