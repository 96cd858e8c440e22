{{/* Names, labels and the authorization checks: periscope-common.* (library chart, charts/periscope-common). */}}

{{- define "periscope.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Cluster registry facts ---------------------------------------------- */}}

{{/* "true" when any clusters[] entry uses backend: in-cluster, "" otherwise. */}}
{{- define "periscope.hasInCluster" -}}
{{- $any := false -}}
{{- range .Values.clusters -}}
{{- if eq (toString .backend) "in-cluster" -}}{{- $any = true -}}{{- end -}}
{{- end -}}
{{- if $any -}}true{{- end -}}
{{- end -}}

{{/* "true" when Inspector is on for some in-cluster entry: its own inspector.enabled, else the chart's. */}}
{{- define "periscope.inspectorInCluster" -}}
{{- $default := .Values.inspector.enabled -}}
{{- $on := false -}}
{{- range .Values.clusters -}}
{{- if eq (toString .backend) "in-cluster" -}}
{{- $enabled := $default -}}
{{- if and (kindIs "map" .inspector) (hasKey (default dict .inspector) "enabled") -}}{{- $enabled = .inspector.enabled -}}{{- end -}}
{{- if $enabled -}}{{- $on = true -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- if $on -}}true{{- end -}}
{{- end -}}

{{/* Validation: every misconfiguration fails the render with a message naming the key. -------- */}}

{{- define "periscope.validate" -}}
{{- include "periscope-common.validateAuthorization" . -}}
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
{{- /* As the server reads clusters.yaml: an entry with an EKS arn and no backend is eks (the FAQ's entries). */ -}}
{{- if and (not .backend) (not .arn) -}}
{{- fail (printf "clusters[%s] needs a backend (eks, kubeconfig, in-cluster or agent) or an EKS arn, which implies eks" .name) -}}
{{- end -}}
{{- if and .backend (not (has (toString .backend) (list "eks" "kubeconfig" "in-cluster" "agent"))) -}}
{{- fail (printf "clusters[%s].backend must be one of eks, kubeconfig, in-cluster, agent (got %q)" .name (toString .backend)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /*
The URL browsers use (the server's server.publicUrl): the value when given, else https://<ingress.host>
with the ingress on. Without either the server falls back to http://localhost:8080, which is right only
behind kubectl port-forward: with an ingress that would send every sign-in to localhost. The derived URL
is https whether or not ingress.tls is on: off loopback the server's cookies are Secure, so sign-in
works only over https, and an ingress without a tls block has TLS in front of it (a load balancer's
certificate, e.g. an ALB's certificate-arn annotation, or the controller's default certificate).
*/ -}}
{{- define "periscope.publicUrl" -}}
{{- if .Values.server.publicUrl -}}
{{- .Values.server.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
{{- $host := include "periscope.ingressHost" . -}}
{{- if contains "*" $host -}}
{{- fail (printf "server.publicUrl is empty and ingress.host is the wildcard %q, so the chart cannot tell which URL browsers use for the sign-in redirect: set server.publicUrl (e.g. https://periscope.example.com)" $host) -}}
{{- end -}}
{{- printf "https://%s" $host -}}
{{- end -}}
{{- end -}}

{{/* ingress.host, required with the ingress on: the Ingress rule's host and the default public URL. */}}
{{- define "periscope.ingressHost" -}}
{{- $host := toString (default "" .Values.ingress.host) -}}
{{- if not $host -}}
{{- fail "ingress.enabled is true but ingress.host is empty: set it to the host name browsers use (without server.publicUrl the public URL, and so the sign-in redirect, is https://<ingress.host>)" -}}
{{- end -}}
{{- $host -}}
{{- end -}}

{{/* The Secret holding the storage key: the operator's, or the one this chart creates. */}}
{{- define "periscope.storageKeySecret" -}}
{{- default (printf "%s-storage-key" (include "periscope-common.fullname" .)) .Values.storage.key.existingSecret -}}
{{- end -}}

{{- /*
The server's config.yaml (see configmap.yaml). Defined once so the Deployment's checksum/config
annotation is the hash of exactly what the server reads at start-up: any setting that changes
config.yaml rolls the pods.
*/ -}}
{{- define "periscope.configYaml" -}}
{{- $authz := .Values.auth.authorization -}}
{{- $server := dict "bindAddress" "0.0.0.0" "port" 8080 "metricsPort" .Values.metrics.port -}}
{{- $publicUrl := include "periscope.publicUrl" . -}}
{{- with $publicUrl }}{{ $_ := set $server "publicUrl" . }}{{ end -}}
{{- $oidc := dict "scopes" .Values.auth.oidc.scopes "groupsClaim" .Values.auth.oidc.groupsClaim "emailClaim" .Values.auth.oidc.emailClaim -}}
{{- with .Values.auth.oidc.issuer }}{{ $_ := set $oidc "issuer" . }}{{ end -}}
{{- with .Values.auth.oidc.clientId }}{{ $_ := set $oidc "clientId" . }}{{ end -}}
{{- $authorization := dict "mode" $authz.mode "sharedGroup" $authz.sharedGroup "groupPrefix" $authz.groupPrefix "groupTiers" $authz.groupTiers "defaultTier" (default "" $authz.defaultTier) "auditAdminGroups" $authz.auditAdminGroups "sharedIdentity" (default "server" $authz.sharedIdentity) "allowedGroups" (default (list) $authz.allowedGroups) -}}
{{- $storage := dict "backend" .Values.storage.backend "sqlitePath" "/var/lib/periscope/audit/audit.db" "keyEnv" "STORAGE_ENCRYPTION_KEY" -}}
{{- if .Values.storage.key.previousKey }}{{ $_ := set $storage "previousKeyEnv" "STORAGE_PREVIOUS_ENCRYPTION_KEY" }}{{ end -}}
{{- if eq .Values.storage.backend "postgres" }}
{{- $_ := set $storage "postgres" (dict "url" .Values.storage.postgres.url "user" .Values.storage.postgres.user) -}}
{{- end -}}
{{- $tunnel := dict "enabled" .Values.agentTunnel.enabled "port" .Values.agentTunnel.port -}}
{{- $hostnames := .Values.agentTunnel.hostnames | default list -}}
{{- if .Values.agentTunnel.headlessService.enabled -}}
{{- /* The certificate names the headless Service too, so agents in this cluster can dial it as is; an empty
       list meant "the host of server.publicUrl", which stays in it. */ -}}
{{- if and (not $hostnames) $publicUrl -}}{{- $hostnames = list (urlParse $publicUrl).hostname -}}{{- end -}}
{{- $headless := printf "%s-tunnel-headless" (include "periscope-common.fullname" .) -}}
{{- $hostnames = concat $hostnames (list (printf "%s.%s.svc" $headless .Release.Namespace) (printf "%s.%s.svc.cluster.local" $headless .Release.Namespace)) -}}
{{- end -}}
{{- with $hostnames }}{{ $_ := set $tunnel "hostnames" . }}{{ end -}}
{{- $agent := dict "tunnel" $tunnel -}}
{{- if .Values.agentTunnel.enabled }}
{{- $ca := dict "store" "database" "keyEnv" "AGENT_CA_ENCRYPTION_KEY" -}}
{{- if .Values.agentTunnel.caKey.previousKey }}{{ $_ := set $ca "previousKeyEnv" "AGENT_CA_PREVIOUS_ENCRYPTION_KEY" }}{{ end -}}
{{- $_ := set $agent "ca" $ca -}}
{{- end -}}
{{- $config := dict
  "server" $server
  "auth" (dict "oidc" $oidc "session" .Values.auth.session "authorization" $authorization)
  "clusters" (dict "file" "/etc/periscope/clusters.yaml")
  "audit" (dict "retentionDays" .Values.audit.retentionDays "maxSizeMb" .Values.audit.maxSizeMB "vacuumInterval" .Values.audit.vacuumInterval "stdout" .Values.audit.stdout)
  "storage" $storage
  "agent" $agent
  "inspector" (dict "enabled" .Values.inspector.enabled)
  "listCache" (dict "enabled" .Values.listCache.enabled "resources" .Values.listCache.resources "idleTimeout" .Values.listCache.idleTimeout)
-}}
{{- toYaml $config -}}
{{- end -}}
