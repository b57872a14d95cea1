package main

import (
	"encoding/base64"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Files is Helm's .Files: the chart's non-template files by slash path, with symlinks followed as `helm package`
// follows them (the chart's dashboards/ is a link to deploy/grafana).
type Files map[string][]byte

func (f Files) Get(name string) string { return string(f[name]) }

func (f Files) GetBytes(name string) []byte { return f[name] }

// Glob matches with path.Match per path segment set; Helm uses gobwas/glob, which agrees for the patterns a chart
// uses ("dir/*.json"). "**" is not supported and is refused loudly rather than matching nothing.
func (f Files) Glob(pattern string) Files {
	if strings.Contains(pattern, "**") {
		panic("helm-render: ** in .Files.Glob is not supported: " + pattern)
	}
	out := Files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

func (f Files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// AsConfig is a ConfigMap's data: base name -> content, as YAML.
func (f Files) AsConfig() string {
	m := map[string]interface{}{}
	for name, data := range f {
		m[path.Base(name)] = string(data)
	}
	return toYAML(m)
}

// AsSecrets is a Secret's data: base name -> base64 content, as YAML.
func (f Files) AsSecrets() string {
	m := map[string]interface{}{}
	for name, data := range f {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(data)
	}
	return toYAML(m)
}

// Names lists the paths in order (templates may range over a Files map directly; this is for our own use).
func (f Files) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// loadFiles reads every file of the chart that Helm exposes as .Files: all but Chart.yaml, values.yaml,
// values.schema.json, templates/ and charts/.
func loadFiles(chartDir string) (Files, error) {
	files := Files{}
	err := walkFollowingLinks(chartDir, "", func(rel string, data []byte) {
		top := strings.SplitN(rel, "/", 2)[0]
		switch {
		case rel == "Chart.yaml", rel == "values.yaml", rel == "values.schema.json", rel == ".helmignore":
		case top == "templates", top == "charts":
		default:
			files[rel] = data
		}
	})
	return files, err
}

func walkFollowingLinks(root, rel string, visit func(rel string, data []byte)) error {
	dir := filepath.Join(root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		childRel := path.Join(rel, e.Name())
		full := filepath.Join(dir, e.Name())
		info, err := os.Stat(full) // follows symlinks
		if err != nil {
			return err
		}
		if info.IsDir() {
			if err := walkFollowingLinks(root, childRel, visit); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		visit(childRel, data)
	}
	return nil
}
