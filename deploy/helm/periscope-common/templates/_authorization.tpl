{{/*
The server's authorization settings as both charts read them: auth.authorization.* (mode,
sharedGroup, groupPrefix, groupTiers, defaultTier) and clusterRBAC.* (adminTier, rawGroups,
userExtras). The keys are the same in both charts, so one values file can feed both.
*/}}

{{/*
"true" when requests carry Impersonate-* headers: every mode except shared with sharedIdentity
server (the default), where the clusters see the server's (or the agent's) own identity.
*/}}
{{- define "periscope-common.impersonates" -}}
{{- $authz := .Values.auth.authorization -}}
{{- if not (and (eq (toString $authz.mode) "shared") (eq (toString (default "server" $authz.sharedIdentity)) "server")) -}}true{{- end -}}
{{- end -}}

{{/* Tiers in privilege order; the impersonated group is periscope-tier:<tier>. */}}
{{- define "periscope-common.tiers" -}}
read triage write maintain admin
{{- end -}}

{{/*
"true" when group impersonation cannot be limited by name: raw mode without clusterRBAC.rawGroups.
Kubernetes RBAC cannot match a prefix, so the rule then has no resourceNames. The server still
never sends a system:* group (it prefixes every IdP group and refuses system: names), but RBAC no
longer backs that up; both charts' NOTES.txt say so.
*/}}
{{- define "periscope-common.groupsUnrestricted" -}}
{{- if and (eq (toString .Values.auth.authorization.mode) "raw") (not .Values.clusterRBAC.rawGroups) -}}true{{- end -}}
{{- end -}}

{{/*
The exact Kubernetes groups the server may put in Impersonate-Group, one per line (empty when
unrestricted, see above). The impersonation rule lists them as resourceNames, so the apiserver
itself refuses any other group — in particular every system:* group.
*/}}
{{- define "periscope-common.impersonatedGroups" -}}
{{- $authz := .Values.auth.authorization -}}
{{- if eq $authz.mode "shared" -}}
{{- if eq (include "periscope-common.impersonates" .) "true" }}
{{ $authz.sharedGroup }}
{{- end -}}
{{- else if eq $authz.mode "tier" -}}
{{- range splitList " " (include "periscope-common.tiers" .) -}}
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

{{/*
The impersonate rules (a YAML list of PolicyRules) of the role the server's requests reach the
apiserver through: the server's periscope-impersonator, or an agent's own ClusterRole. Never
serviceaccounts: the server refuses to send system: user names, system:serviceaccount:* included.
*/}}
{{- define "periscope-common.impersonationRules" -}}
# Impersonate-User carries the OIDC subject. User names are arbitrary strings, so this rule
# cannot be narrowed with resourceNames; the server refuses to send system:* user names.
- apiGroups: [""]
  resources: ["users"]
  verbs: ["impersonate"]
{{- if eq (include "periscope-common.groupsUnrestricted" .) "true" }}
# Impersonate-Group: raw mode without clusterRBAC.rawGroups, so ANY group by name. The server
# sends only <groupPrefix><IdP group>; list the groups in clusterRBAC.rawGroups to narrow this.
- apiGroups: [""]
  resources: ["groups"]
  verbs: ["impersonate"]
{{- else }}
# Impersonate-Group: only the groups the {{ .Values.auth.authorization.mode }} mode produces.
- apiGroups: [""]
  resources: ["groups"]
  verbs: ["impersonate"]
  resourceNames:
    {{- range compact (splitList "\n" (include "periscope-common.impersonatedGroups" .)) }}
    - {{ . | quote }}
    {{- end }}
{{- end }}
{{- with .Values.clusterRBAC.userExtras }}
# Impersonate-Extra-<key> headers the server is configured to send.
- apiGroups: ["authentication.k8s.io"]
  resources:
    {{- range . }}
    - {{ printf "userextras/%s" . | quote }}
    {{- end }}
  verbs: ["impersonate"]
{{- end }}
{{- end -}}

{{/* NOTES.txt lines describing group impersonation (the list, or the raw-mode warning). */}}
{{- define "periscope-common.impersonationNotes" -}}
{{- if ne (include "periscope-common.impersonates" .) "true" }}
No impersonation (shared mode, sharedIdentity server): every request reaches the cluster as
Periscope's own identity, which clusterRBAC.sharedRoleName ({{ .Values.clusterRBAC.sharedRoleName | default "none" }}) is bound to. The apiserver's
audit log shows Periscope, not the person; Periscope's own audit log names the person.
{{- else if eq (include "periscope-common.groupsUnrestricted" .) "true" }}
WARNING: auth.authorization.mode is raw and clusterRBAC.rawGroups is empty, so group
impersonation is NOT restricted by name: this identity may impersonate any group, system:masters
included. Periscope itself sends only {{ .Values.auth.authorization.groupPrefix }}<IdP group> and never a system:* group, but
Kubernetes RBAC no longer backs that up if the server is compromised. To narrow it, list the IdP
groups your bindings use (unprefixed) in clusterRBAC.rawGroups.
{{- else }}
Groups that may be impersonated ({{ .Values.auth.authorization.mode }} mode):
{{- range compact (splitList "\n" (include "periscope-common.impersonatedGroups" .)) }}
  - {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Every authorization misconfiguration fails the render with a message naming the key. */}}
{{- define "periscope-common.validateAuthorization" -}}
{{- $authz := .Values.auth.authorization -}}
{{- $mode := toString $authz.mode -}}
{{- if not (has $mode (list "shared" "tier" "raw")) -}}
{{- fail (printf "auth.authorization.mode must be one of shared, tier, raw (got %q)" $mode) -}}
{{- end -}}
{{- $prefix := toString $authz.groupPrefix -}}
{{- if or (not $prefix) (hasPrefix "system:" $prefix) -}}
{{- fail (printf "auth.authorization.groupPrefix must be non-empty and must not start with system: (got %q); IdP groups are prefixed so they can never name a built-in group" $prefix) -}}
{{- end -}}
{{- $sharedIdentity := toString (default "server" $authz.sharedIdentity) -}}
{{- if not (has $sharedIdentity (list "server" "impersonate")) -}}
{{- fail (printf "auth.authorization.sharedIdentity must be server or impersonate (got %q)" $sharedIdentity) -}}
{{- end -}}
{{- if or (not $authz.sharedGroup) (hasPrefix "system:" (toString $authz.sharedGroup)) -}}
{{- fail (printf "auth.authorization.sharedGroup must be non-empty and must not start with system: (got %q)" (toString $authz.sharedGroup)) -}}
{{- end -}}
{{- $tiers := splitList " " (include "periscope-common.tiers" .) -}}
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
{{- range .Values.clusterRBAC.rawGroups -}}
{{- if or (not .) (contains "*" (toString .)) -}}
{{- fail (printf "clusterRBAC.rawGroups entries must be plain IdP group names (got %q)" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
