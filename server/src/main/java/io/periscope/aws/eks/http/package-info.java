/** The HTTP edge of EKS upgrade readiness and add-ons: {@link io.periscope.aws.eks.http.EksLifecycleRoutes}. */
package io.periscope.aws.eks.http;
