{{/* Names ---------------------------------------------------------------- */}}

{{- define "periscope.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "periscope.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "periscope.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "periscope.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "periscope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "periscope.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "periscope.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "periscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: periscope
{{- end -}}

{{- define "periscope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "periscope.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "periscope.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Cluster registry facts ---------------------------------------------- */}}

{{/* "true" when any clusters[] entry uses backend: in-cluster, "" otherwise. */}}
{{- define "periscope.hasInCluster" -}}
{{- range .Values.clusters -}}
{{- if eq (toString .backend) "in-cluster" -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* Tiers in privilege order; the impersonated group is periscope-tier:<tier>. */}}
{{- define "periscope.tiers" -}}
read triage write maintain admin
{{- end -}}

{{/*
The exact Kubernetes groups the server may put in Impersonate-Group, one per line. The
impersonator ClusterRole lists them as resourceNames, so the apiserver itself refuses any other
group — in particular every system:* group.
*/}}
{{- define "periscope.impersonatedGroups" -}}
{{- $authz := .Values.auth.authorization -}}
{{- if eq $authz.mode "shared" -}}
{{ $authz.sharedGroup }}
{{- else if eq $authz.mode "tier" -}}
{{- range splitList " " (include "periscope.tiers" .) -}}
{{- if or (ne . "admin") $.Values.clusterRBAC.adminTier.enabled }}
periscope-tier:{{ . }}
{{- end -}}
{{- end -}}
{{- else if eq $authz.mode "raw" -}}
{{- range $.Values.clusterRBAC.rawGroups }}
{{ printf "%s%s" $authz.groupPrefix . }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Validation: every misconfiguration fails the render with a message naming the key. -------- */}}

{{- define "periscope.validate" -}}
{{- $authz := .Values.auth.authorization -}}
{{- $mode := toString $authz.mode -}}
{{- if not (has $mode (list "shared" "tier" "raw")) -}}
{{- fail (printf "auth.authorization.mode must be one of shared, tier, raw (got %q)" $mode) -}}
{{- end -}}
{{- $backend := toString .Values.storage.backend -}}
{{- if not (has $backend (list "sqlite" "postgres")) -}}
{{- fail (printf "storage.backend must be sqlite or postgres (got %q)" $backend) -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (eq $backend "sqlite") -}}
{{- fail (printf "replicaCount is %d but storage.backend is sqlite: the SQLite audit/session store lives on one ReadWriteOnce volume and cannot be shared between replicas. Set storage.backend=postgres with storage.postgres.url (and storage.postgres.existingSecret for the password), or set replicaCount=1." (int .Values.replicaCount)) -}}
{{- end -}}
{{- if and (eq $backend "postgres") (not .Values.storage.postgres.url) -}}
{{- fail "storage.backend is postgres but storage.postgres.url is empty (example: jdbc:postgresql://db.example.internal:5432/periscope?sslmode=verify-full)" -}}
{{- end -}}
{{- $prefix := toString $authz.groupPrefix -}}
{{- if or (not $prefix) (hasPrefix "system:" $prefix) -}}
{{- fail (printf "auth.authorization.groupPrefix must be non-empty and must not start with system: (got %q); IdP groups are prefixed so they can never name a built-in group" $prefix) -}}
{{- end -}}
{{- if or (not $authz.sharedGroup) (hasPrefix "system:" (toString $authz.sharedGroup)) -}}
{{- fail (printf "auth.authorization.sharedGroup must be non-empty and must not start with system: (got %q)" (toString $authz.sharedGroup)) -}}
{{- end -}}
{{- $tiers := splitList " " (include "periscope.tiers" .) -}}
{{- $adminGroups := list -}}
{{- range $group, $tier := $authz.groupTiers -}}
{{- if not (has (toString $tier) $tiers) -}}
{{- fail (printf "auth.authorization.groupTiers.%s must be one of read, triage, write, maintain, admin (got %q)" $group (toString $tier)) -}}
{{- end -}}
{{- if eq (toString $tier) "admin" -}}
{{- $adminGroups = append $adminGroups $group -}}
{{- end -}}
{{- end -}}
{{- $defaultTier := toString (default "" $authz.defaultTier) -}}
{{- if and $defaultTier (not (has $defaultTier $tiers)) -}}
{{- fail (printf "auth.authorization.defaultTier must be \"\" or one of read, triage, write, maintain, admin (got %q)" $defaultTier) -}}
{{- end -}}
{{- if eq $defaultTier "admin" -}}
{{- $adminGroups = append $adminGroups "(defaultTier)" -}}
{{- end -}}
{{- if and (eq $mode "tier") $adminGroups (not .Values.clusterRBAC.adminTier.enabled) -}}
{{- fail (printf "auth.authorization.groupTiers maps %s to the admin tier, but clusterRBAC.adminTier.enabled is false, so no ClusterRoleBinding exists for periscope-tier:admin and those users would get 403 on every request. Migration (admin tier is opt-in since v1.1): either (1) keep the old behaviour: set clusterRBAC.adminTier.enabled=true (binds periscope-tier:admin to clusterRBAC.adminTier.clusterRoleName, default cluster-admin; CIS 5.1.1 will flag it); or (2) set clusterRBAC.adminTier.enabled=true and clusterRBAC.adminTier.clusterRoleName=<a tighter ClusterRole>; or (3) map those groups to maintain. Then re-render and re-apply templates/cluster-rbac.yaml on every managed cluster. See docs/security/rbac-posture.md." (join ", " $adminGroups)) -}}
{{- end -}}
{{- if and .Values.clusterRBAC.adminTier.enabled (not .Values.clusterRBAC.adminTier.clusterRoleName) -}}
{{- fail "clusterRBAC.adminTier.enabled is true but clusterRBAC.adminTier.clusterRoleName is empty" -}}
{{- end -}}
{{- if and .Values.clusterRBAC.enabled (eq $mode "raw") (not .Values.clusterRBAC.rawGroups) -}}
{{- fail "auth.authorization.mode is raw but clusterRBAC.rawGroups is empty: Kubernetes RBAC cannot grant impersonation by prefix, so every IdP group users may carry must be listed (unprefixed; the chart adds auth.authorization.groupPrefix). Without the list the apiserver rejects every request that carries a group. Alternatively set clusterRBAC.enabled=false and manage the impersonator ClusterRole yourself." -}}
{{- end -}}
{{- range .Values.clusterRBAC.rawGroups -}}
{{- if or (not .) (contains "*" (toString .)) -}}
{{- fail (printf "clusterRBAC.rawGroups entries must be plain IdP group names (got %q)" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- $caKey := .Values.agentTunnel.caKey -}}
{{- if and .Values.agentTunnel.enabled (not $caKey.existingSecret) -}}
{{- fail (printf "agentTunnel.enabled needs agentTunnel.caKey.existingSecret: the agent CA is kept in the server's database with its private key encrypted by a 256-bit key from a Secret you create once and back up, e.g. kubectl -n %s create secret generic periscope-agent-ca-key --from-literal=key=\"$(openssl rand -base64 32)\" and then agentTunnel.caKey.existingSecret=periscope-agent-ca-key (see docs/operations.md)" .Release.Namespace) -}}
{{- end -}}
{{- if and .Values.agentTunnel.enabled $caKey.previousKey (eq (toString $caKey.previousKey) (toString $caKey.key)) -}}
{{- fail (printf "agentTunnel.caKey.previousKey names the same Secret key as agentTunnel.caKey.key (%q): put the new key and the previous key under two keys of the Secret" (toString $caKey.key)) -}}
{{- end -}}
{{- range .Values.clusters -}}
{{- if not .name -}}
{{- fail "every clusters[] entry needs a name" -}}
{{- end -}}
{{- if not (has (toString .backend) (list "eks" "kubeconfig" "in-cluster" "agent")) -}}
{{- fail (printf "clusters[%s].backend must be one of eks, kubeconfig, in-cluster, agent (got %q)" .name (toString .backend)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
