{{/* Names, labels and the authorization checks: periscope-common.* (library chart, charts/periscope-common). */}}

{{- define "agent.tokenSecretName" -}}
{{- default (printf "%s-registration" (include "periscope-common.fullname" .)) .Values.agent.existingTokenSecret.name -}}
{{- end -}}

{{- define "agent.caConfigMapName" -}}
{{- default (printf "%s-ca" (include "periscope-common.fullname" .)) .Values.agent.existingCaConfigMap.name -}}
{{- end -}}

{{/* The agent's --server (host:port) from agent.serverUrl; no port means 443, as in any https URL. */}}
{{- define "agent.serverAddress" -}}
{{- $host := (urlParse .).host -}}
{{- if regexMatch ":[0-9]+$" $host -}}{{ $host }}{{- else -}}{{ $host }}:443{{- end -}}
{{- end -}}

{{- define "agent.validate" -}}
{{- include "periscope-common.validateAuthorization" . -}}
{{- $url := toString .Values.agent.serverUrl -}}
{{- if or (hasPrefix "http://" $url) (hasPrefix "ws://" $url) -}}
{{- fail (printf "agent.serverUrl must use TLS (https:// or wss://); the tunnel is mTLS (got %q)" $url) -}}
{{- end -}}
{{- if and $url (not (regexMatch "^(https|wss)://(\\[[0-9A-Fa-f:.]+\\]|[^/:?#@\\[\\]]+)(:[0-9]{1,5})?/?$" $url)) -}}
{{- fail (printf "agent.serverUrl must be https://<host>[:<port>] (the server's tunnel listener, e.g. https://periscope-tunnel.example.com:8443), got %q" $url) -}}
{{- end -}}
{{- if .Values.clusterRole.impersonation -}}
{{- fail "clusterRole.impersonation is gone: the groups the agent may impersonate now follow auth.authorization.mode (plus clusterRBAC.adminTier / clusterRBAC.rawGroups), the same keys as the server chart; ServiceAccounts are never impersonated and extras come from clusterRBAC.userExtras" -}}
{{- end -}}
{{- if and .Values.agent.registrationToken .Values.agent.existingTokenSecret.name -}}
{{- fail "set either agent.registrationToken or agent.existingTokenSecret.name, not both" -}}
{{- end -}}
{{- end -}}
