{{/*
The per-user RBAC of the shared and tier modes, rendered by the server chart's and the agent
chart's templates/cluster-rbac.yaml alike: every cluster a person reaches (EKS, kubeconfig,
in-cluster, or through an agent) then grants the same tier the same rights.
docs/security/rbac-posture.md explains every grant; docs/setup/cluster-rbac.md how to apply them.
*/}}

{{/*
shared mode: everyone gets clusterRBAC.sharedRoleName ("" leaves the binding out). Bound to
whoever the cluster sees: with sharedIdentity impersonate the group auth.authorization.sharedGroup;
with sharedIdentity server (the default) the caller's own identity, passed in. Parameters: dict
"root" (the chart's context), "groups" (the Group subjects for sharedIdentity server) and
"serviceAccount" (a ServiceAccount name to bind as well, or ""). With clusterRBAC.clusterReader the
same subjects also get periscope-cluster-reader (view and edit grant no cluster-scoped object but Namespaces).
*/}}
{{- define "periscope-common.sharedBinding" -}}
{{- $root := .root -}}
{{- $impersonates := eq (include "periscope-common.impersonates" $root) "true" -}}
{{- $groups := ternary (list $root.Values.auth.authorization.sharedGroup) (default (list) .groups) $impersonates -}}
{{- with $root.Values.clusterRBAC.sharedRoleName }}
---
{{- if $impersonates }}
# shared mode (sharedIdentity impersonate): every user impersonates {{ $root.Values.auth.authorization.sharedGroup }}, which gets this role.
{{- else }}
# shared mode (sharedIdentity server): no impersonation; the identity requests arrive as (bridge group, ServiceAccount) gets this role.
{{- end }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: periscope-shared
  labels:
    {{- include "periscope-common.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ . }}
subjects:
  {{- range $groups }}
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: {{ . | quote }}
  {{- end }}
  {{- with $.serviceAccount }}
  # The ServiceAccount: in-cluster background workers, or the agent's own identity.
  - kind: ServiceAccount
    name: {{ . }}
    namespace: {{ $root.Release.Namespace }}
  {{- end }}
{{ include "periscope-common.clusterReader" (dict "root" $root "groups" $groups "serviceAccount" $.serviceAccount) }}
{{- end }}
{{- end -}}

{{/*
periscope-cluster-reader: get/list/watch on the cluster-scoped objects the console lists and the
built-in view and edit roles do not grant (Nodes, PersistentVolumes, StorageClasses, CRDs, Karpenter's
NodePools, NodeClaims and EC2NodeClasses, ...), and its binding to dict "groups" and "serviceAccount" (or "").
Rendered with clusterRBAC.clusterReader (default true), for shared mode's identity and the read, triage
and write tiers (maintain reads everything already).
Nothing here holds a credential: no Secrets, no RBAC objects, no subresource that proxies or execs.
*/}}
{{- define "periscope-common.clusterReader" -}}
{{- $root := .root -}}
{{- if $root.Values.clusterRBAC.clusterReader }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: periscope-cluster-reader
  labels:
    {{- include "periscope-common.labels" $root | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/status", "persistentvolumes", "persistentvolumes/status"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["storage.k8s.io"]
    resources: ["storageclasses", "csidrivers", "csinodes", "volumeattachments"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["scheduling.k8s.io"]
    resources: ["priorityclasses"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["node.k8s.io"]
    resources: ["runtimeclasses"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["networking.k8s.io"]
    resources: ["ingressclasses"]
    verbs: ["get", "list", "watch"]
  # Custom resource kinds come from discovery; their CRDs add the printer columns and schemas.
  - apiGroups: ["apiextensions.k8s.io"]
    resources: ["customresourcedefinitions"]
    verbs: ["get", "list", "watch"]
  # The Karpenter page (docs/karpenter.md). Its cost figures also need get on services/proxy in
  # Karpenter's namespace, which this role leaves out: it would reach any Service there.
  - apiGroups: ["karpenter.sh"]
    resources: ["nodepools", "nodeclaims"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["karpenter.k8s.aws"]
    resources: ["ec2nodeclasses"]
    verbs: ["get", "list", "watch"]
---
# The cluster-scoped objects the console shows, which view and edit leave out.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: periscope-cluster-reader
  labels:
    {{- include "periscope-common.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: periscope-cluster-reader
subjects:
  {{- range .groups }}
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: {{ . | quote }}
  {{- end }}
  {{- with .serviceAccount }}
  - kind: ServiceAccount
    name: {{ . }}
    namespace: {{ $root.Release.Namespace }}
  {{- end }}
{{- end }}
{{- end -}}

{{/*
tier mode: the periscope-triage and periscope-maintain ClusterRoles and one ClusterRoleBinding per
tier group (periscope-tier:<tier>). The admin binding renders only with clusterRBAC.adminTier.enabled.
*/}}
{{- define "periscope-common.tierRbac" -}}
{{- $tierBindings := list (list "read" "view") (list "triage" "periscope-triage") (list "write" "edit") (list "maintain" "periscope-maintain") -}}
{{- if .Values.clusterRBAC.adminTier.enabled }}
{{- $tierBindings = append $tierBindings (list "admin" .Values.clusterRBAC.adminTier.clusterRoleName) -}}
{{- end }}
---
# triage tier: read (mirrors view) + debug verbs; no spec edits, no Secrets, no RBAC.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: periscope-triage
  labels:
    {{- include "periscope-common.labels" . | nindent 4 }}
rules:
  - apiGroups: [""]
    resources:
      - bindings
      - configmaps
      - endpoints
      - events
      - limitranges
      - namespaces
      - namespaces/status
      - persistentvolumeclaims
      - persistentvolumeclaims/status
      - pods
      - pods/log
      - pods/status
      - replicationcontrollers
      - replicationcontrollers/scale
      - replicationcontrollers/status
      - resourcequotas
      - resourcequotas/status
      - serviceaccounts
      - services
      - services/status
    verbs: ["get", "list", "watch"]
  - apiGroups: ["apps"]
    resources:
      - controllerrevisions
      - daemonsets
      - daemonsets/status
      - deployments
      - deployments/scale
      - deployments/status
      - replicasets
      - replicasets/scale
      - replicasets/status
      - statefulsets
      - statefulsets/scale
      - statefulsets/status
    verbs: ["get", "list", "watch"]
  - apiGroups: ["batch"]
    resources: ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["networking.k8s.io"]
    resources: ["ingresses", "ingresses/status", "networkpolicies"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["autoscaling"]
    resources: ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["policy"]
    resources: ["poddisruptionbudgets", "poddisruptionbudgets/status"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["discovery.k8s.io"]
    resources: ["endpointslices"]
    verbs: ["get", "list", "watch"]
  # Debug verbs: shell, port-forward, evict, restart a pod.
  - apiGroups: [""]
    resources: ["pods/exec", "pods/portforward", "pods/eviction"]
    verbs: ["create"]
  {{- include "periscope-common.debugContainers" . | nindent 2 }}
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["delete"]
  # Scale workloads.
  - apiGroups: ["apps"]
    resources: ["deployments/scale", "statefulsets/scale", "replicasets/scale"]
    verbs: ["update", "patch"]
  # Rollout restart (pod-template annotation bump).
  - apiGroups: ["apps"]
    resources: ["deployments", "statefulsets", "daemonsets"]
    verbs: ["patch"]
---
# maintain tier: read everything + mutate namespaced workloads, Secrets and namespaced RBAC.
# Not cluster-level RBAC (the line between maintain and admin), not CRDs.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: periscope-maintain
  labels:
    {{- include "periscope-common.labels" . | nindent 4 }}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources:
      - nodes
      - nodes/status
      - namespaces
      - persistentvolumes
    verbs: ["get", "list", "watch"]
  - apiGroups: ["storage.k8s.io"]
    resources: ["storageclasses", "csidrivers", "csinodes", "volumeattachments"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["scheduling.k8s.io"]
    resources: ["priorityclasses"]
    verbs: ["get", "list", "watch"]
  # Explicit verbs, not "*": on serviceaccounts "*" would include impersonate, i.e. acting as
  # any ServiceAccount in the cluster (kube-system included).
  - apiGroups: [""]
    resources:
      - configmaps
      - events
      - persistentvolumeclaims
      - pods
      - replicationcontrollers
      - replicationcontrollers/scale
      - secrets
      - serviceaccounts
      - services
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
  - apiGroups: [""]
    resources: ["pods/exec", "pods/portforward", "pods/attach"]
    verbs: ["get", "create"]
  {{- include "periscope-common.debugContainers" . | nindent 2 }}
  - apiGroups: [""]
    resources: ["pods/log"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["pods/eviction"]
    verbs: ["create"]
  - apiGroups: ["apps", "batch", "networking.k8s.io", "autoscaling", "policy"]
    resources: ["*"]
    verbs: ["*"]
  # Namespaced RBAC with explicit verbs: no bind / escalate, so the apiserver's escalation check
  # still stops a maintainer from granting more than they hold.
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
{{- range $tierBindings }}
{{- $tier := index . 0 }}
{{- $role := index . 1 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: periscope-tier-{{ $tier }}
  labels:
    {{- include "periscope-common.labels" $ | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $role }}
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: periscope-tier:{{ $tier }}
{{- end }}
{{ include "periscope-common.clusterReader" (dict "root" . "groups" (list "periscope-tier:read" "periscope-tier:triage" "periscope-tier:write") "serviceAccount" "") }}
{{- end -}}

{{/*
kubectl debug's ephemeral containers for the triage and maintain tiers, with
clusterRBAC.debugContainers (default false). Kubernetes leaves pods/ephemeralcontainers out of its
own admin and edit roles on purpose: an ephemeral container is checked only by admission policies
that know about it, so a cluster's operators grant it when theirs do.
*/}}
{{- define "periscope-common.debugContainers" -}}
{{- if .Values.clusterRBAC.debugContainers }}
- apiGroups: [""]
  resources: ["pods/ephemeralcontainers"]
  verbs: ["patch"]
{{- end }}
{{- end }}
