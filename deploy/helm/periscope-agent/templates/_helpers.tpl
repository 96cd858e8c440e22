{{- define "agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "agent.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "agent.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "agent.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: periscope
{{- end -}}

{{- define "agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "agent.tokenSecretName" -}}
{{- default (printf "%s-registration" (include "agent.fullname" .)) .Values.agent.existingTokenSecret.name -}}
{{- end -}}

{{- define "agent.caConfigMapName" -}}
{{- default (printf "%s-ca" (include "agent.fullname" .)) .Values.agent.existingCaConfigMap.name -}}
{{- end -}}

{{- define "agent.validate" -}}
{{- $url := toString .Values.agent.serverUrl -}}
{{- if or (hasPrefix "http://" $url) (hasPrefix "ws://" $url) -}}
{{- fail (printf "agent.serverUrl must use TLS (https:// or wss://); the tunnel is mTLS (got %q)" $url) -}}
{{- end -}}
{{- range .Values.clusterRole.impersonation.groups -}}
{{- $g := toString . -}}
{{- if or (not $g) (hasPrefix "system:" $g) (contains "*" $g) -}}
{{- fail (printf "clusterRole.impersonation.groups must list exact periscope groups; %q is refused (never a system:* group, never a wildcard)" $g) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.agent.registrationToken .Values.agent.existingTokenSecret.name -}}
{{- fail "set either agent.registrationToken or agent.existingTokenSecret.name, not both" -}}
{{- end -}}
{{- end -}}
