package io.periscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counting a list's items from the stream, with only the fields the predicate reads made into a tree. */
class ItemCounterTest {

  private static ItemCounter.Counts count(String json, Set<String> fields, java.util.function.Predicate<ObjectNode> matching) throws IOException {
    return ItemCounter.count(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), fields, matching);
  }

  @Test
  void countsEveryItemAndTheMatchingOnesSeeingOnlyTheNamedFields() throws IOException {
    String list = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":""},
         "items":[
          {"metadata":{"name":"a","managedFields":[{"fieldsV1":{"f:status":{"f:phase":{}}}}]},"spec":{"containers":[{"name":"c"}]},
           "status":{"phase":"Running","containerStatuses":[{"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}},
          {"metadata":{"name":"b"},"status":{"phase":"Running"}},
          {"metadata":{"name":"c"},"status":{"phase":"Failed"},"spec":{"nodeName":"n1"}},
          {"metadata":{"name":"d"}}
         ]}
        """;
    List<ObjectNode> seen = new ArrayList<>();

    ItemCounter.Counts counts = count(list, Set.of("status"), item -> {
      seen.add(item);
      return FleetOverview.failing(item);
    });

    assertThat(counts).isEqualTo(new ItemCounter.Counts(4, 2));
    assertThat(seen).allSatisfy(item -> assertThat(item.properties()).extracting(java.util.Map.Entry::getKey)
        .isSubsetOf("status"));
    assertThat(seen.getFirst().path("status").path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText())
        .isEqualTo("CrashLoopBackOff");
  }

  @Test
  void itemsMayComeBeforeTheListMetadataAndAnEmptyListCountsNothing() throws IOException {
    assertThat(count("{\"items\":[{\"type\":\"Warning\",\"message\":\"x\"},{\"type\":\"Normal\"}],\"metadata\":{}}", Set.of("type"),
        e -> e.path("type").asText().equals("Warning"))).isEqualTo(new ItemCounter.Counts(2, 1));
    assertThat(count("{\"kind\":\"PodList\",\"items\":[]}", Set.of("status"), p -> true)).isEqualTo(new ItemCounter.Counts(0, 0));
    assertThat(count("{\"kind\":\"PodList\",\"items\":null}", Set.of("status"), p -> true)).isEqualTo(new ItemCounter.Counts(0, 0));
  }

  @Test
  void objectsGivenOneByOneCountAsTheirListWould() throws IOException {
    List<byte[]> pods = List.of(
        "{\"metadata\":{\"name\":\"a\"},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}",
        "{\"metadata\":{\"name\":\"b\"},\"status\":{\"phase\":\"Running\"}}",
        "{\"metadata\":{\"name\":\"c\"},\"status\":{\"phase\":\"Unknown\"}}").stream().map(j -> j.getBytes(StandardCharsets.UTF_8)).toList();

    assertThat(ItemCounter.countEach(pods, Set.of("status"), FleetOverview::failing)).isEqualTo(new ItemCounter.Counts(3, 2));
    assertThat(ItemCounter.countEach(List.of(), Set.of("status"), p -> true)).isEqualTo(new ItemCounter.Counts(0, 0));
    assertThatThrownBy(() -> ItemCounter.countEach(List.of("[]".getBytes(StandardCharsets.UTF_8)), Set.of("status"), p -> true))
        .isInstanceOf(IOException.class).hasMessageContaining("JSON object");
  }

  @Test
  void anAnswerThatIsNoListIsRefused() {
    assertThatThrownBy(() -> count("[1,2]", Set.of("status"), p -> true)).isInstanceOf(IOException.class).hasMessageContaining("JSON object");
  }
}
