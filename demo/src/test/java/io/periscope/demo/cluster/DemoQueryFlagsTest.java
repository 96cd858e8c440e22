package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The demo reads a query's booleans as the apiserver decodes them (apimachinery's {@code Convert_Slice_string_To_bool}):
 * absent, {@code 0} or {@code false} in any case is false, any other value true, the empty one of a bare parameter too.
 * The log's parser used to drop a parameter without {@code =}, so a bare {@code ?follow} did not follow.
 */
class DemoQueryFlagsTest {
  @Test
  void aBooleanIsTrueUnlessAbsentZeroOrFalse() {
    var q = DemoLists.query("follow&previous=0&timestamps=FALSE&a=1&b=true&c=yes");
    assertThat(DemoLists.flag(q, "follow")).isTrue();
    assertThat(DemoLists.flag(q, "previous")).isFalse();
    assertThat(DemoLists.flag(q, "timestamps")).isFalse();
    assertThat(DemoLists.flag(q, "a")).isTrue();
    assertThat(DemoLists.flag(q, "b")).isTrue();
    assertThat(DemoLists.flag(q, "c")).isTrue();
    assertThat(DemoLists.flag(q, "absent")).isFalse();
  }

  @Test
  void aLogIsFollowedWhenFollowIsSetAndPreviousIsNot() {
    assertThat(DemoPodLogs.follows("follow")).isTrue();
    assertThat(DemoPodLogs.follows("follow=true")).isTrue();
    assertThat(DemoPodLogs.follows("follow=1&container=app")).isTrue();
    assertThat(DemoPodLogs.follows("follow=false")).isFalse();
    assertThat(DemoPodLogs.follows("follow&previous")).as("a previous instance has ended").isFalse();
    assertThat(DemoPodLogs.follows("follow&previous=false")).isTrue();
    assertThat(DemoPodLogs.follows("")).isFalse();
    assertThat(DemoPodLogs.follows(null)).isFalse();
  }

  @Test
  void theFirstOfARepeatedParameterCounts() {
    assertThat(DemoLists.query("follow=false&follow=true").get("follow")).isEqualTo("false");
  }
}
