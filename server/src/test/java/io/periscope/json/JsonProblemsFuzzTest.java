package io.periscope.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import io.periscope.fuzz.FuzzChecks;
import io.periscope.problem.Problem;
import io.periscope.resources.AccessReviews;
import io.periscope.stream.Subscription;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Whatever is wrong with a JSON body, the description is a sentence for people: never empty,
 * never a Java type, a parser class or a stack frame.
 */
class JsonProblemsFuzzTest {
  /** The shapes API bodies are read as: records with validation, lists of them, plain maps and numbers. */
  private static final List<TypeReference<?>> TARGETS = List.of(
      new TypeReference<Map<String, List<AccessReviews.Check>>>() { },
      new TypeReference<List<Subscription>>() { },
      new TypeReference<Map<String, Integer>>() { },
      new TypeReference<AccessReviews.Check>() { });

  @FuzzTest
  void describe(byte[] data) {
    String body = FuzzChecks.text(data);
    for (TypeReference<?> target : TARGETS) {
      try {
        Json.mapper().readValue(body, target);
      } catch (IOException e) {
        FuzzChecks.requireCleanMessage(body, JsonProblems.describe(e), e);
      } catch (Problem e) {
        // A record's own validation, when Jackson lets it through unwrapped: the same rules as any refusal.
        FuzzChecks.onlyClientErrors(body, () -> {
          throw e;
        });
      }
    }
  }
}
