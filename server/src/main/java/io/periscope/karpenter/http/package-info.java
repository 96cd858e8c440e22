/** HTTP routes of the Karpenter view; thin over {@code io.periscope.karpenter.Karpenter}. */
package io.periscope.karpenter.http;
