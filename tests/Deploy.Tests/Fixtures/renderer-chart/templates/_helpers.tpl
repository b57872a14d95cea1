{{- define "fixture.greet" -}}
hi {{ . }}
{{- end }}
