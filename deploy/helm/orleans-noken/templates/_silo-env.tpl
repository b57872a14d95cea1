{{/*
  The silo's environment that cannot live in its ConfigMap: values from the downward API and from Secrets, and the
  Redis string that Kubernetes composes from the password at start ($(REDIS_PASSWORD) expands from the variable
  defined above it; the pod spec itself never holds the password).
*/}}
{{- define "noken.silo.env" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: Noken__Silo__Name
  value: $(POD_NAME)
- name: OTEL_RESOURCE_ATTRIBUTES
  value: k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)
- name: NOKEN_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "noken.apiToken.secretName" . }}
      key: {{ .Values.api.token.key }}
{{- $redis := printf "%s:%v" (include "noken.redis.host" .) (include "noken.redis.port" .) }}
{{- if and (not .Values.redis.enabled) .Values.redis.external.ssl }}
{{- $redis = printf "%s,ssl=true" $redis }}
{{- end }}
{{- if include "noken.redis.hasPassword" . }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "noken.redis.secretName" . }}
      key: {{ .Values.redis.auth.key }}
{{- $redis = printf "%s,password=$(REDIS_PASSWORD)" $redis }}
{{- end }}
- name: Noken__Silo__Redis
  value: {{ $redis | quote }}
{{- if and (eq .Values.results.kind "Blob") (not .Values.results.blob.serviceUri) }}
- name: ResultStore__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ include "noken.blob.secretName" . }}
      key: {{ .Values.results.blob.connectionStringSecret.key }}
{{- end }}
{{- with .Values.telemetry.otlp.headersSecret.name }}
- name: OTEL_EXPORTER_OTLP_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.telemetry.otlp.headersSecret.key }}
{{- end }}
{{- end }}
