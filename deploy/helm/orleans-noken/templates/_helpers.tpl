{{/* Names: <release>-orleans-noken unless the release name already says it (Helm's usual convention). */}}
{{- define "noken.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "noken.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "noken.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "noken.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orleans-noken
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels never change across upgrades (a Deployment's selector is immutable): no version, no ids. */}}
{{- define "noken.selectorLabels" -}}
app.kubernetes.io/name: {{ include "noken.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "noken.silo.selectorLabels" -}}
{{ include "noken.selectorLabels" . }}
app.kubernetes.io/component: silo
{{- end }}

{{- define "noken.redis.selectorLabels" -}}
{{ include "noken.selectorLabels" . }}
app.kubernetes.io/component: redis
{{- end }}

{{/* Orleans ids: the service id names the deployment's state in Redis; keep it across upgrades or campaigns vanish. */}}
{{- define "noken.serviceId" -}}
{{- default (include "noken.fullname" .) .Values.cluster.serviceId }}
{{- end }}

{{- define "noken.clusterId" -}}
{{- default (include "noken.serviceId" .) .Values.cluster.clusterId }}
{{- end }}

{{- define "noken.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "noken.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "noken.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* Secrets: an existing Secret when named, else the chart's own (generated once, kept by lookup on upgrade). */}}
{{- define "noken.apiToken.secretName" -}}
{{- default (printf "%s-api-token" (include "noken.fullname" .)) .Values.api.token.existingSecret }}
{{- end }}

{{/* Blob access by connection string (when no serviceUri): a Secret the operator creates; never chart values. */}}
{{- define "noken.blob.secretName" -}}
{{- default (printf "%s-blob" (include "noken.fullname" .)) .Values.results.blob.connectionStringSecret.name }}
{{- end }}

{{- define "noken.redis.secretName" -}}
{{- default (printf "%s-redis" (include "noken.fullname" .)) .Values.redis.auth.existingSecret }}
{{- end }}

{{- define "noken.redis.host" -}}
{{- if .Values.redis.enabled }}
{{- printf "%s-redis.%s.svc" (include "noken.fullname" .) .Release.Namespace }}
{{- else }}
{{- required "redis.external.host is required when redis.enabled is false" .Values.redis.external.host }}
{{- end }}
{{- end }}

{{- define "noken.redis.port" -}}
{{- if .Values.redis.enabled }}6379{{ else }}{{ .Values.redis.external.port }}{{ end }}
{{- end }}

{{/* Whether the silos authenticate to Redis: always with the bundled one, with an external one when a Secret is named. */}}
{{- define "noken.redis.hasPassword" -}}
{{- if or .Values.redis.enabled .Values.redis.auth.existingSecret }}true{{ end }}
{{- end }}

{{/* A TimeSpan ("hh:mm:ss") from seconds, for .NET options. */}}
{{- define "noken.timespan" -}}
{{- $s := int . }}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) }}
{{- end }}

{{/* A random secret value that survives upgrades: reuse the live Secret's value when there is one. */}}
{{- define "noken.keptSecretValue" -}}
{{- $live := lookup "v1" "Secret" .namespace .name }}
{{- if and $live $live.data (hasKey $live.data .key) }}
{{- index $live.data .key | b64dec }}
{{- else }}
{{- randAlphaNum .length }}
{{- end }}
{{- end }}
