package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// Values are held the way Helm holds them: YAML is converted to JSON and decoded with encoding/json, so every number
// is a float64 and every map a map[string]interface{}. Rendering the chart through the same types keeps Helm's
// behaviour (and its gotchas, like 1e+06 for a large integer) visible in our tests.
type Values = map[string]interface{}

func readYAMLFile(path string) (Values, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseYAMLMap(data, path)
}

func parseYAMLMap(data []byte, origin string) (Values, error) {
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	if raw == nil {
		return Values{}, nil
	}
	normalised, err := jsonRoundTrip(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	m, ok := normalised.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: the top level is not a map", origin)
	}
	return m, nil
}

// jsonRoundTrip turns yaml.v3's decoded values (int, map[string]interface{} or map[interface{}]interface{}) into
// encoding/json's (float64, map[string]interface{}), as sigs.k8s.io/yaml does for Helm.
func jsonRoundTrip(v interface{}) (interface{}, error) {
	data, err := json.Marshal(stringKeys(v))
	if err != nil {
		return nil, err
	}
	var out interface{}
	err = json.Unmarshal(data, &out)
	return out, err
}

func stringKeys(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, x := range t {
			m[k] = stringKeys(x)
		}
		return m
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = stringKeys(x)
		}
		return m
	case []interface{}:
		l := make([]interface{}, len(t))
		for i, x := range t {
			l[i] = stringKeys(x)
		}
		return l
	default:
		return v
	}
}

// coalesce merges override into base as Helm merges -f files and --set: maps merge key by key, anything else
// replaces, and a null in the override deletes the key.
func coalesce(base, override Values) Values {
	out := Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(out, k)
			continue
		}
		if om, ok := v.(map[string]interface{}); ok {
			if bm, ok := out[k].(map[string]interface{}); ok {
				out[k] = coalesce(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// setValue applies one --set (typed like Helm's strvals: int64, bool, null, else string) or --set-string (always a
// string) to the override map. Dotted keys walk maps, name[i] walks lists, a backslash escapes a dot in a key
// (nodeSelector.nvidia\.com/gpu=x). As in Helm, the overrides are then coalesced over the values, so a list set
// here replaces the whole list of values.yaml (hosts[0].host=x leaves no paths): the chart must cope with that.
func setValue(overrides Values, assignment string, forceString bool) error {
	eq := strings.Index(assignment, "=")
	if eq < 1 {
		return fmt.Errorf("--set %q: expected key=value", assignment)
	}
	raw := assignment[eq+1:]
	var value interface{} = raw
	if !forceString {
		value = typedScalar(raw)
	}
	return setPath(overrides, splitKey(assignment[:eq]), value)
}

var indexed = regexp.MustCompile(`^(.+)\[(\d+)\]$`)

func setPath(m map[string]interface{}, keys []string, value interface{}) error {
	key := keys[0]
	match := indexed.FindStringSubmatch(key)
	if match == nil {
		if len(keys) == 1 {
			m[key] = value // nil is kept: coalescing it deletes the key from the values, as Helm does
			return nil
		}
		next, ok := m[key].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			m[key] = next
		}
		return setPath(next, keys[1:], value)
	}
	name := match[1]
	index, err := strconv.Atoi(match[2])
	if err != nil || index > 1000 {
		return fmt.Errorf("--set: bad list index in %q", key)
	}
	list, _ := m[name].([]interface{})
	for len(list) <= index {
		list = append(list, nil)
	}
	if len(keys) == 1 {
		list[index] = value
	} else {
		next, ok := list[index].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			list[index] = next
		}
		if err := setPath(next, keys[1:], value); err != nil {
			return err
		}
	}
	m[name] = list
	return nil
}

func typedScalar(s string) interface{} {
	switch s {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil && (s == "0" || !strings.HasPrefix(s, "0")) {
		return i
	}
	return s
}

func splitKey(key string) []string {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(key); i++ {
		switch {
		case key[i] == '\\' && i+1 < len(key):
			i++
			cur.WriteByte(key[i])
		case key[i] == '.':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(key[i])
		}
	}
	return append(parts, cur.String())
}
