package io.periscope.aws.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aws-auth ConfigMaps as clusters carry them (eksctl, Terraform, hand-edited), parsed as aws-iam-authenticator reads them. */
class AwsAuthTest {
  /** What eksctl and the terraform-aws-eks module write: node roles with templates, an admin role, users and accounts. */
  private static final String MAP_ROLES = """
      - rolearn: arn:aws:iam::111122223333:role/eks-nodegroup-general-NodeInstanceRole-1A2B3C
        username: system:node:{{EC2PrivateDNSName}}
        groups:
          - system:bootstrappers
          - system:nodes
      - rolearn: arn:aws:iam::111122223333:role/platform/ops/cluster-admins
        username: admin:{{SessionName}}
        groups:
          - system:masters
      - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_0123456789abcdef
        username: "sso-readonly:{{SessionNameRaw}}"
        groups: [ "view-all" ]
      """;
  private static final String MAP_USERS = """
      - userarn: arn:aws:iam::111122223333:user/alice
        username: alice
        groups:
          - devs
      """;

  @Test
  void rolesUsersAndAccountsWithTemplatesAndPaths() {
    AwsAuth a = AwsAuth.parse(Map.of("mapRoles", MAP_ROLES, "mapUsers", MAP_USERS, "mapAccounts", "- \"111122223333\"\n- 444455556666\n"));

    assertThat(a.mappings()).extracting(m -> m.kind() + " " + m.principalArn() + " " + m.username() + " " + m.groups() + " @" + m.where())
        .containsExactly(
            "ROLE arn:aws:iam::111122223333:role/eks-nodegroup-general-NodeInstanceRole-1A2B3C system:node:{{EC2PrivateDNSName}} "
                + "[system:bootstrappers, system:nodes] @mapRoles line 1",
            "ROLE arn:aws:iam::111122223333:role/cluster-admins admin:{{SessionName}} [system:masters] @mapRoles line 6",
            "ROLE arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_0123456789abcdef sso-readonly:{{SessionNameRaw}} [view-all] @mapRoles line 10",
            "USER arn:aws:iam::111122223333:user/alice alice [devs] @mapUsers line 1");
    assertThat(a.mappings().get(1).arn()).isEqualTo("arn:aws:iam::111122223333:role/platform/ops/cluster-admins");
    assertThat(a.accounts()).containsExactly("111122223333", "444455556666");
    assertThat(a.warnings()).singleElement().asString().startsWith("mapRoles line 6: rolearn arn:aws:iam::111122223333:role/platform/ops/cluster-admins has a path")
        .contains("never matches").contains("write arn:aws:iam::111122223333:role/cluster-admins");
  }

  @Test
  void malformedYamlNamesTheLineAndTheOtherKeysStillCount() {
    String broken = """
        - rolearn: arn:aws:iam::111122223333:role/nodes
          username: system:node:{{EC2PrivateDNSName}}
          groups:
            - system:nodes
         - rolearn: arn:aws:iam::111122223333:role/misindented
        """;
    AwsAuth a = AwsAuth.parse(Map.of("mapRoles", broken, "mapUsers", MAP_USERS));

    assertThat(a.mappings()).extracting(AwsAuth.Mapping::arn).containsExactly("arn:aws:iam::111122223333:user/alice");
    assertThat(a.warnings()).singleElement().asString().startsWith("mapRoles line 5: not valid YAML").contains("mapRoles is ignored");
  }

  @Test
  void anEntryWithoutItsArnOrWithAnUnknownTemplateIsNamedByLine() {
    String roles = """
        - username: nobody
          groups: [a]
        - rolearn: arn:aws:iam::111122223333:role/ci
          username: ci:{{SessionId}}
          groups: not-a-list
        - just a string
        """;
    AwsAuth a = AwsAuth.parse(Map.of("mapRoles", roles));

    assertThat(a.mappings()).extracting(AwsAuth.Mapping::arn).containsExactly("arn:aws:iam::111122223333:role/ci");
    assertThat(a.warnings()).containsExactly(
        "mapRoles line 1: no rolearn; the entry is ignored",
        "mapRoles line 5: groups is not a list; the entry's groups are ignored",
        "mapRoles line 3: username template {{SessionId}} is not one aws-iam-authenticator knows "
            + "(SessionName, SessionNameRaw, EC2PrivateDNSName, AccountID, AccessKeyID)",
        "mapRoles line 6: not a mapping with rolearn, username and groups; ignored");
  }

  @Test
  void emptyAndMissingKeysAreAnEmptyMapping() {
    Map<String, String> blank = new HashMap<>();
    blank.put("mapRoles", "");
    blank.put("mapUsers", "   \n");
    for (Map<String, String> data : List.of(Map.<String, String>of(), blank)) {
      AwsAuth a = AwsAuth.parse(data);
      assertThat(a.mappings()).isEmpty();
      assertThat(a.accounts()).isEmpty();
      assertThat(a.warnings()).isEmpty();
    }
    assertThat(AwsAuth.parse(null).mappings()).isEmpty();
    assertThat(AwsAuth.parse(Map.of("mapRoles", "rolearn: x\n")).warnings()).containsExactly("mapRoles line 1: not a list of mappings; mapRoles ignored");
  }


  /** {@code kubectl get cm aws-auth -n kube-system -o yaml} on an eksctl cluster: a node group, a Fargate profile, no users. */
  @Test
  void anEksctlConfigMapAsKubectlShowsIt() {
    ConfigMap cm = Serialization.unmarshal("""
        apiVersion: v1
        data:
          mapRoles: |
            - groups:
              - system:bootstrappers
              - system:nodes
              rolearn: arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1GBY5FDOEMCB3
              username: system:node:{{EC2PrivateDNSName}}
            - groups:
              - system:bootstrappers
              - system:nodes
              - system:node-proxier
              rolearn: arn:aws:iam::111122223333:role/eksctl-prod-cluster-FargatePodExecutionRole-1WZ3GLVCGV5EQ
              username: system:node:{{SessionName}}
          mapUsers: |
            []
        kind: ConfigMap
        metadata:
          creationTimestamp: "2024-03-11T09:14:02Z"
          name: aws-auth
          namespace: kube-system
          resourceVersion: "1187"
          uid: 5b7e2f9c-2a6d-4c1e-9e8a-0d3f4c5b6a7e
        """, ConfigMap.class);

    AwsAuth a = AwsAuth.parse(cm.getData());
    assertThat(a.mappings()).extracting(m -> m.principalArn().replace("arn:aws:iam::111122223333:", "") + " " + m.username() + " " + m.groups()
        + " @" + m.where()).containsExactly(
        "role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1GBY5FDOEMCB3 system:node:{{EC2PrivateDNSName}} [system:bootstrappers, system:nodes] @mapRoles line 1",
        "role/eksctl-prod-cluster-FargatePodExecutionRole-1WZ3GLVCGV5EQ system:node:{{SessionName}} "
            + "[system:bootstrappers, system:nodes, system:node-proxier] @mapRoles line 6");
    assertThat(a.warnings()).isEmpty();
  }

  /** What the terraform-aws-eks module writes ({@code yamlencode}: quoted keys in sorted order), edited on Windows (CRLF). */
  @Test
  void terraformYamlencodeWithQuotedKeysAndCrlfLineEnds() {
    String roles = """
        - "groups":
          - "system:bootstrappers"
          - "system:nodes"
          "rolearn": "arn:aws:iam::111122223333:role/default_node_group-eks-node-group-20240311091402"
          "username": "system:node:{{EC2PrivateDNSName}}"
        - "groups":
          - "system:masters"
          "rolearn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b"
          "username": "sso-admin:{{SessionName}}"
        """.replace("\n", "\r\n");
    String users = """
        - "groups":
          - "view"
          "userarn": "arn:aws:iam::111122223333:user/auditor"
          "username": "auditor"
        """;
    AwsAuth a = AwsAuth.parse(Map.of("mapRoles", roles, "mapUsers", users, "mapAccounts", "[]\n"));

    assertThat(a.mappings()).extracting(m -> m.kind() + " " + m.principalArn().replace("arn:aws:iam::111122223333:", "") + " " + m.username()
        + " " + m.groups() + " @" + m.where()).containsExactly(
        "ROLE role/default_node_group-eks-node-group-20240311091402 system:node:{{EC2PrivateDNSName}} [system:bootstrappers, system:nodes] @mapRoles line 1",
        "ROLE role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b sso-admin:{{SessionName}} [system:masters] @mapRoles line 6",
        "USER user/auditor auditor [view] @mapUsers line 1");
    assertThat(a.accounts()).isEmpty();
    assertThat(a.warnings()).singleElement().asString().startsWith("mapRoles line 6: rolearn arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/")
        .contains("write arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b");
  }

  /** A hand edit that indents with a tab (YAML forbids tabs there): the warning names the line, mapUsers still counts. */
  @Test
  void aTabInTheIndentationNamesItsLine() {
    String roles = "- rolearn: arn:aws:iam::111122223333:role/nodes\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n"
        + "  - system:bootstrappers\n- rolearn: arn:aws:iam::111122223333:role/ops\n\tusername: ops\n";
    AwsAuth a = AwsAuth.parse(Map.of("mapRoles", roles, "mapUsers", MAP_USERS));

    assertThat(a.mappings()).extracting(AwsAuth.Mapping::arn).containsExactly("arn:aws:iam::111122223333:user/alice");
    assertThat(a.warnings()).singleElement().asString().startsWith("mapRoles line 6: not valid YAML").contains("mapRoles is ignored");
  }

  @Test
  void principalsMatchCaseInsensitivelyAndWithoutTheRolePath() {
    assertThat(AwsAuth.matchKey("arn:aws:iam::111122223333:role/Team/Admins")).isEqualTo(AwsAuth.matchKey("arn:aws:iam::111122223333:role/admins"));
    assertThat(AwsAuth.matchKey("arn:aws:iam::111122223333:user/alice")).isNotEqualTo(AwsAuth.matchKey("arn:aws:iam::111122223333:user/bob"));
  }
}
