{{/* Names, labels and the authorization checks: periscope-common.* (library chart, charts/periscope-common). */}}

{{- define "agent.tokenSecretName" -}}
{{- default (printf "%s-registration" (include "periscope-common.fullname" .)) .Values.agent.existingTokenSecret.name -}}
{{- end -}}

{{- define "agent.caConfigMapName" -}}
{{- default (printf "%s-ca" (include "periscope-common.fullname" .)) .Values.agent.existingCaConfigMap.name -}}
{{- end -}}

{{- define "agent.validate" -}}
{{- include "periscope-common.validateAuthorization" . -}}
{{- $url := toString .Values.agent.serverUrl -}}
{{- if or (hasPrefix "http://" $url) (hasPrefix "ws://" $url) -}}
{{- fail (printf "agent.serverUrl must use TLS (https:// or wss://); the tunnel is mTLS (got %q)" $url) -}}
{{- end -}}
{{- if .Values.clusterRole.impersonation -}}
{{- fail "clusterRole.impersonation is gone: the groups the agent may impersonate now follow auth.authorization.mode (plus clusterRBAC.adminTier / clusterRBAC.rawGroups), the same keys as the server chart; ServiceAccounts are never impersonated and extras come from clusterRBAC.userExtras" -}}
{{- end -}}
{{- if and .Values.agent.registrationToken .Values.agent.existingTokenSecret.name -}}
{{- fail "set either agent.registrationToken or agent.existingTokenSecret.name, not both" -}}
{{- end -}}
{{- end -}}
