package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// validateValues checks the merged values against the chart's values.schema.json, as helm install, upgrade and
// template do. Helm has a full JSON Schema implementation; this one covers the keywords a values schema needs and
// refuses a schema that uses any other, so it never passes values it did not really check.
func validateValues(chartDir, chartName string, values Values) error {
	data, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	var schema map[string]interface{}
	if err := json.Unmarshal(data, &schema); err != nil {
		return fmt.Errorf("values.schema.json: %w", err)
	}
	var problems []string
	if err := check(schema, map[string]interface{}(values), "", &problems); err != nil {
		return fmt.Errorf("values.schema.json: %w", err)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n- %s",
			chartName, strings.Join(problems, "\n- "))
	}
	return nil
}

var knownKeywords = map[string]bool{
	"$schema": true, "title": true, "description": true, "type": true, "properties": true,
	"additionalProperties": true, "items": true, "enum": true, "minimum": true, "maximum": true,
	"minLength": true, "required": true,
}

func check(schema map[string]interface{}, v interface{}, path string, problems *[]string) error {
	for k := range schema {
		if !knownKeywords[k] {
			return fmt.Errorf("keyword %q is not supported by helm-render", k)
		}
	}
	at := path
	if at == "" {
		at = "(root)"
	}
	if t, ok := schema["type"]; ok && !hasType(t, v) {
		*problems = append(*problems, fmt.Sprintf("%s: Invalid type. Expected: %v, given: %s", at, t, typeName(v)))
		return nil
	}
	if enum, ok := schema["enum"].([]interface{}); ok && !contains(enum, v) {
		*problems = append(*problems, fmt.Sprintf("%s: must be one of %v, given %v", at, enum, v))
	}
	if n, ok := number(v); ok {
		if min, ok := schema["minimum"].(float64); ok && n < min {
			*problems = append(*problems, fmt.Sprintf("%s: must be >= %v", at, min))
		}
		if max, ok := schema["maximum"].(float64); ok && n > max {
			*problems = append(*problems, fmt.Sprintf("%s: must be <= %v", at, max))
		}
	}
	if s, ok := v.(string); ok {
		if min, ok := schema["minLength"].(float64); ok && float64(len([]rune(s))) < min {
			*problems = append(*problems, fmt.Sprintf("%s: must be at least %v characters", at, min))
		}
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	if m, ok := v.(map[string]interface{}); ok {
		props, _ := schema["properties"].(map[string]interface{})
		for _, r := range asList(schema["required"]) {
			if _, ok := m[fmt.Sprint(r)]; !ok {
				*problems = append(*problems, fmt.Sprintf("%s: %v is required", at, r))
			}
		}
		for k, x := range m {
			if sub, ok := props[k].(map[string]interface{}); ok {
				if err := check(sub, x, join(k), problems); err != nil {
					return err
				}
				continue
			}
			switch extra := schema["additionalProperties"].(type) {
			case bool:
				if !extra {
					*problems = append(*problems, fmt.Sprintf("%s: Additional property %s is not allowed", at, k))
				}
			case map[string]interface{}:
				if err := check(extra, x, join(k), problems); err != nil {
					return err
				}
			}
		}
	}
	if l, ok := v.([]interface{}); ok {
		if items, ok := schema["items"].(map[string]interface{}); ok {
			for i, x := range l {
				if err := check(items, x, fmt.Sprintf("%s.%d", at, i), problems); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func hasType(t interface{}, v interface{}) bool {
	for _, name := range asList(t) {
		switch name {
		case "object":
			if _, ok := v.(map[string]interface{}); ok {
				return true
			}
		case "array":
			if _, ok := v.([]interface{}); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		case "number":
			if _, ok := number(v); ok {
				return true
			}
		case "integer":
			if n, ok := number(v); ok && n == math.Trunc(n) {
				return true
			}
		}
	}
	return false
}

func asList(v interface{}) []interface{} {
	switch t := v.(type) {
	case []interface{}:
		return t
	case nil:
		return nil
	default:
		return []interface{}{t}
	}
}

// number reads both value kinds Helm has: float64 from YAML and JSON, int64 from --set.
func number(v interface{}) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	}
	return 0, false
}

func contains(list []interface{}, v interface{}) bool {
	for _, x := range list {
		if fmt.Sprint(x) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

func typeName(v interface{}) string {
	switch v.(type) {
	case map[string]interface{}:
		return "object"
	case []interface{}:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	if _, ok := number(v); ok {
		return "number"
	}
	return fmt.Sprintf("%T", v)
}
