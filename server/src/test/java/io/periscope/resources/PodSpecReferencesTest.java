package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

/** The ways a pod spec names a PersistentVolumeClaim (the recorded discovery of the test apiserver serves no PVCs). */
class PodSpecReferencesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void aClaimIsUsedAsAVolumeOrMadeFromAStatefulSetsClaimTemplateForEachOrdinal() throws Exception {
    JsonNode spec = json("{'volumes':[{'name':'scratch','persistentVolumeClaim':{'claimName':'shared'}}],"
        + "'containers':[{'name':'pg','volumeMounts':[{'name':'scratch','mountPath':'/s','subPath':'a'}]}]}");
    JsonNode templates = json("[{'metadata':{'name':'data'}}]");

    assertThat(PodSpecReferences.of(spec, "persistentvolumeclaims", "shared", null, MissingNode.getInstance())).containsExactly("volume scratch");
    assertThat(PodSpecReferences.of(spec, "persistentvolumeclaims", "data-db-0", "db", templates)).containsExactly("volume claim template data");
    assertThat(PodSpecReferences.of(spec, "persistentvolumeclaims", "data-db-12", "db", templates)).containsExactly("volume claim template data");
    // Another StatefulSet's claim, or a name that only starts alike, is not this one's.
    assertThat(PodSpecReferences.of(spec, "persistentvolumeclaims", "data-dbx-0", "db", templates)).isEmpty();
    assertThat(PodSpecReferences.of(spec, "persistentvolumeclaims", "data-db-0-old", "db", templates)).isEmpty();
  }

  @Test
  void aSecretInAProjectedVolumeAndAnEnvKeyOfAnInitContainer() throws Exception {
    JsonNode spec = json("{'volumes':[{'name':'creds','projected':{'sources':[{'secret':{'name':'db'}},{'configMap':{'name':'db'}}]}}],"
        + "'initContainers':[{'name':'migrate','env':[{'name':'PGPASSWORD','valueFrom':{'secretKeyRef':{'name':'db','key':'password'}}}]}]}");

    assertThat(PodSpecReferences.of(spec, "secrets", "db", null, MissingNode.getInstance())).containsExactly("volume creds", "env PGPASSWORD in migrate");
    assertThat(PodSpecReferences.of(spec, "configmaps", "db", null, MissingNode.getInstance())).containsExactly("volume creds");
  }
}
