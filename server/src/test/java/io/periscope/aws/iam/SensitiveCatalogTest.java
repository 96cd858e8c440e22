package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.aws.iam.SensitiveActions.Category;
import io.periscope.aws.iam.SensitiveActions.Entry;
import io.periscope.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SensitiveCatalogTest {
  @Test
  void theBuiltInCatalogHasTheSeedsEighteenEntriesAndItsVersion() {
    assertThat(SensitiveCatalog.customized(Map.of(), List.of())).isSameAs(SensitiveCatalog.BUILT_IN);
    assertThat(SensitiveCatalog.BUILT_IN.entries()).hasSize(18);
    assertThat(SensitiveCatalog.BUILT_IN.version()).isEqualTo(SensitiveActions.VERSION);
    assertThat(SensitiveCatalog.BUILT_IN.of("ssm:GetParametersByPath")).map(Entry::action).contains("ssm:GetParameter*");
    assertThat(SensitiveCatalog.BUILT_IN.of("S3:DELETEOBJECTVERSION")).map(Entry::action).contains("s3:DeleteObject*");
    assertThat(SensitiveCatalog.BUILT_IN.of("s3:GetObject")).isEmpty();
    assertThat(SensitiveCatalog.BUILT_IN.of("*")).as("the wildcard entry is a chip kind, not an action").isEmpty();
  }

  @Test
  void addedEntriesAreLookedUpLikeBuiltInOnesAndSuppressedOnesAreGone() {
    var c = SensitiveCatalog.customized(Map.of("ecr:Put*", "destructive: overwrite images", "lambda:InvokeFunction", "DATA"),
        List.of("kms:Decrypt", "S3:DELETEBUCKET"));
    assertThat(c.of("ecr:PutImage")).map(Entry::category).contains(Category.DESTRUCTIVE);
    assertThat(c.of("ecr:PutImage")).map(Entry::why).contains("overwrite images");
    assertThat(c.of("lambda:InvokeFunction")).map(Entry::why).contains("added by the operator");
    assertThat(c.of("kms:Decrypt")).isEmpty();
    assertThat(c.of("s3:DeleteBucket")).isEmpty();
    assertThat(c.suppressed()).containsExactly("kms:Decrypt", "s3:DeleteBucket");
    assertThat(c.entries()).hasSize(18);
    assertThat(c.flagsWildcards()).isTrue();
    assertThat(SensitiveCatalog.customized(Map.of(), List.of("*")).flagsWildcards()).isFalse();
  }

  @Test
  void theVersionNamesTheChangesSoTwoDifferentCatalogsNeverShareOne() {
    var a = SensitiveCatalog.customized(Map.of("ecr:PutImage", "destructive"), List.of());
    var b = SensitiveCatalog.customized(Map.of("ecr:PutImage", "data"), List.of());
    var again = SensitiveCatalog.customized(Map.of("ecr:PutImage", "destructive"), List.of());
    assertThat(a.version()).matches("2026\\.1\\+local\\.[0-9a-f]{8}").isNotEqualTo(b.version()).isEqualTo(again.version());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "ecr PutImage   | destructive     | aws.access.sensitiveCatalog.add.ecr PutImage: an IAM action is service:Action",
    "iam:PassRole   | data            | aws.access.sensitiveCatalog.add.iam:PassRole: already in the built-in catalog",
    "ecr:PutImage   | catastrophic    | category 'catastrophic' is not one of privilege-escalation",
    "ecr:PutImage   | wildcard        | category 'wildcard' is not one of",
  })
  void badAdditionsFailStartUpNamingTheKey(String action, String value, String message) {
    assertThatThrownBy(() -> SensitiveCatalog.customized(Map.of(action, value), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void suppressingAnUnknownEntryFailsAndListsTheEntries() {
    assertThatThrownBy(() -> SensitiveCatalog.customized(Map.of(), List.of("s3:DeleteObject")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aws.access.sensitiveCatalog.suppress: 's3:DeleteObject' is not a built-in catalog entry")
        .hasMessageContaining("s3:DeleteObject*");
  }
}
