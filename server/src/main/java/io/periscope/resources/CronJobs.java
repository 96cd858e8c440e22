package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** Builds the Job a manual CronJob run creates. */
final class CronJobs {
  private CronJobs() {}

  static ObjectNode jobFrom(ObjectNode cronJob, String jobName) {
    JsonNode template = cronJob.path("spec").path("jobTemplate");
    if (!template.path("spec").isObject()) {
      throw new Problem(ErrorCode.INVALID_CRONJOB, "CronJob " + cronJob.path("metadata").path("name").asText() + " has no spec.jobTemplate.spec");
    }
    JsonNode meta = cronJob.path("metadata");
    ObjectNode job = ResourceReader.JSON.createObjectNode();
    job.put("apiVersion", "batch/v1").put("kind", "Job");
    ObjectNode m = job.putObject("metadata");
    m.put("name", jobName).put("namespace", meta.path("namespace").asText());
    if (template.path("metadata").path("labels").isObject()) {
      m.set("labels", template.path("metadata").path("labels").deepCopy());
    }
    ObjectNode annotations = template.path("metadata").path("annotations").isObject()
        ? ((ObjectNode) template.path("metadata").path("annotations")).deepCopy() : ResourceReader.JSON.createObjectNode();
    annotations.put("cronjob.kubernetes.io/instantiate", "manual");
    m.set("annotations", annotations);
    m.putArray("ownerReferences").addObject()
        .put("apiVersion", cronJob.path("apiVersion").asText("batch/v1")).put("kind", "CronJob")
        .put("name", meta.path("name").asText()).put("uid", meta.path("uid").asText())
        .put("controller", true).put("blockOwnerDeletion", true);
    job.set("spec", template.path("spec").deepCopy());
    return job;
  }
}
