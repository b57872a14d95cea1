// helm-render renders a Helm chart the way `helm template` does, for CI machines without the helm binary: Go's
// text/template with sprig's functions and Helm's own (include, tpl, required, fail, toYaml, fromYaml, toJson,
// lookup), .Values from values.yaml, -f files and --set, and .Release, .Chart, .Capabilities, .Template and .Files.
// values.schema.json is enforced (a subset of JSON Schema; see schema.go). It is a test tool, not a Helm
// replacement: no hooks, no subcharts, no cluster.
//
//	helm-render [--name R] [--namespace N] [-f values.yaml]... [--set k=v]... [--set-string k=v]...
//	            [--kube-version v1.32.0] [--api-versions group/version]... [--upgrade] [--revision N]
//	            [--print-values | --notes] CHART_DIR
//
// --print-values prints the merged .Values as JSON instead of rendering (the tests check every value is documented);
// --notes renders templates/NOTES.txt alone (what helm prints after an install).
package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

type options struct {
	name, namespace, kubeVersion string
	valueFiles, sets, setStrings []string
	apiVersions                  []string
	upgrade, printValues, notes  bool
	revision                     int
	chartDir                     string
}

func parseArgs(args []string) (options, error) {
	o := options{name: "release-name", namespace: "default", kubeVersion: "v1.32.0", revision: 1}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		switch a {
		case "--name":
			o.name, err = next()
		case "--namespace", "-n":
			o.namespace, err = next()
		case "-f", "--values":
			v, err = next()
			o.valueFiles = append(o.valueFiles, v)
		case "--set":
			v, err = next()
			o.sets = append(o.sets, v)
		case "--set-string":
			v, err = next()
			o.setStrings = append(o.setStrings, v)
		case "--kube-version":
			o.kubeVersion, err = next()
		case "--api-versions":
			v, err = next()
			o.apiVersions = append(o.apiVersions, v)
		case "--upgrade":
			o.upgrade = true
		case "--print-values":
			o.printValues = true
		case "--notes":
			o.notes = true
		case "--revision":
			v, err = next()
			if err == nil {
				o.revision, err = strconv.Atoi(v)
			}
		default:
			if strings.HasPrefix(a, "-") || o.chartDir != "" {
				return o, fmt.Errorf("unexpected argument %q", a)
			}
			o.chartDir = a
		}
		if err != nil {
			return o, err
		}
	}
	if o.chartDir == "" {
		return o, errors.New("usage: helm-render [flags] CHART_DIR")
	}
	return o, nil
}

func main() {
	o, err := parseArgs(os.Args[1:])
	if err == nil {
		err = render(o, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helm-render:", err)
		os.Exit(1)
	}
}

// render writes nothing unless every template renders, as helm does.
func render(o options, out *os.File) error {
	chart, err := loadChart(o.chartDir)
	if err != nil {
		return err
	}
	values, err := readYAMLFile(filepath.Join(o.chartDir, "values.yaml"))
	if err != nil {
		return err
	}
	for _, f := range o.valueFiles {
		override, err := readYAMLFile(f)
		if err != nil {
			return err
		}
		values = coalesce(values, override)
	}
	overrides := Values{}
	for _, s := range o.sets {
		if err := setValue(overrides, s, false); err != nil {
			return err
		}
	}
	for _, s := range o.setStrings {
		if err := setValue(overrides, s, true); err != nil {
			return err
		}
	}
	values = coalesce(values, overrides)
	if err := validateValues(o.chartDir, chart.Name, values); err != nil {
		return err
	}
	if o.printValues {
		_, err := out.WriteString(toJSON(values) + "\n")
		return err
	}
	files, err := loadFiles(o.chartDir)
	if err != nil {
		return err
	}
	kube, err := parseKubeVersion(o.kubeVersion)
	if err != nil {
		return err
	}
	if err := checkKubeVersion(chart, kube); err != nil {
		return err
	}

	top := map[string]interface{}{
		"Values": values,
		"Chart":  chart,
		"Release": map[string]interface{}{
			"Name": o.name, "Namespace": o.namespace, "Service": "Helm",
			"IsInstall": !o.upgrade, "IsUpgrade": o.upgrade, "Revision": o.revision,
		},
		"Capabilities": &Capabilities{KubeVersion: kube, APIVersions: append(VersionSet{}, append(builtinAPIVersions, o.apiVersions...)...)},
		"Files":        files,
	}

	// One template set holds every file, so any file can include a partial defined in another (_helpers.tpl).
	var root *template.Template
	root = template.New("root").Funcs(funcMap(func() *template.Template { return root })).Option("missingkey=zero")
	names, err := templateNames(o.chartDir)
	if err != nil {
		return err
	}
	for _, rel := range names {
		data, err := os.ReadFile(filepath.Join(o.chartDir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		if _, err := root.New(path.Join(chart.Name, rel)).Parse(string(data)); err != nil {
			return err
		}
	}

	var rendered strings.Builder
	for _, rel := range names {
		base := path.Base(rel)
		if strings.HasPrefix(base, "_") || (base == "NOTES.txt") != o.notes {
			continue
		}
		name := path.Join(chart.Name, rel)
		vals := map[string]interface{}{}
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": name, "BasePath": path.Join(chart.Name, "templates")}
		var buf strings.Builder
		if err := root.ExecuteTemplate(&buf, name, vals); err != nil {
			return err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if o.notes {
			rendered.WriteString(text)
			continue
		}
		for _, doc := range splitManifests(text) {
			fmt.Fprintf(&rendered, "---\n# Source: %s\n%s\n", name, doc)
		}
	}
	_, err = out.WriteString(rendered.String())
	return err
}

// templateNames lists templates/ recursively, sorted, as slash paths relative to the chart.
func templateNames(chartDir string) ([]string, error) {
	var names []string
	err := walkFollowingLinks(chartDir, "templates", func(rel string, _ []byte) { names = append(names, rel) })
	sort.Strings(names)
	return names, err
}

var separator = regexp.MustCompile(`(?m)^---\s*$`)

// splitManifests drops documents that are empty once rendered (a disabled feature's template), as Helm does.
func splitManifests(s string) []string {
	var docs []string
	for _, d := range separator.Split(s, -1) {
		if strings.TrimSpace(stripComments(d)) != "" {
			docs = append(docs, strings.TrimSpace(d))
		}
	}
	return docs
}

func stripComments(doc string) string {
	var kept []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}
