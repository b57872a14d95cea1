package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	// semver v3: in GOPATH mode outside GOPATH the /v3 import path does not resolve; the directory is the same.
	semver "github.com/Masterminds/semver"
	yaml "gopkg.in/yaml.v3"
)

// Metadata is .Chart: Chart.yaml with Helm's capitalised field names.
type Metadata struct {
	APIVersion   string            `yaml:"apiVersion"`
	Name         string            `yaml:"name"`
	Version      string            `yaml:"version"`
	KubeVersion  string            `yaml:"kubeVersion"`
	Description  string            `yaml:"description"`
	Type         string            `yaml:"type"`
	Keywords     []string          `yaml:"keywords"`
	Home         string            `yaml:"home"`
	Sources      []string          `yaml:"sources"`
	Icon         string            `yaml:"icon"`
	AppVersion   string            `yaml:"appVersion"`
	Deprecated   bool              `yaml:"deprecated"`
	Annotations  map[string]string `yaml:"annotations"`
	Maintainers  []Maintainer      `yaml:"maintainers"`
	Dependencies []interface{}     `yaml:"dependencies"`
}

type Maintainer struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	URL   string `yaml:"url"`
}

func loadChart(dir string) (*Metadata, error) {
	data, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	var m Metadata
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true) // a misspelled Chart.yaml field is an error, as `helm lint` would report
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("Chart.yaml: %w", err)
	}
	if m.Name == "" || m.Version == "" || m.APIVersion != "v2" {
		return nil, fmt.Errorf("Chart.yaml: name, version and apiVersion v2 are required")
	}
	if len(m.Dependencies) > 0 {
		return nil, fmt.Errorf("Chart.yaml: dependencies are not supported by this renderer")
	}
	return &m, nil
}

// checkKubeVersion refuses a cluster version outside Chart.yaml's kubeVersion, with helm's message.
func checkKubeVersion(chart *Metadata, kube KubeVersion) error {
	if chart.KubeVersion == "" {
		return nil
	}
	constraint, err := semver.NewConstraint(chart.KubeVersion)
	if err != nil {
		return fmt.Errorf("Chart.yaml: kubeVersion %q: %w", chart.KubeVersion, err)
	}
	version, err := semver.NewVersion(kube.Version)
	if err != nil {
		return err
	}
	if !constraint.Check(version) {
		return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", chart.KubeVersion, kube.Version)
	}
	return nil
}

// Capabilities is .Capabilities for a cluster of the given version with the given API versions.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
}

type KubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (k KubeVersion) String() string { return k.Version }

func parseKubeVersion(v string) (KubeVersion, error) {
	trimmed := strings.TrimPrefix(v, "v")
	parts := strings.Split(trimmed, ".")
	if len(parts) < 2 {
		return KubeVersion{}, fmt.Errorf("--kube-version %q: expected vMAJOR.MINOR[.PATCH]", v)
	}
	full := "v" + trimmed
	if len(parts) == 2 {
		full += ".0"
	}
	return KubeVersion{Version: full, Major: parts[0], Minor: parts[1], GitVersion: full}, nil
}

// VersionSet answers .Capabilities.APIVersions.Has "group/version" or "group/version/Kind".
type VersionSet []string

func (s VersionSet) Has(v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// builtinAPIVersions are the groups a v1.32 API server serves that a chart is likely to ask about; CRDs
// (monitoring.coreos.com/v1) are added with --api-versions, as with helm template.
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "autoscaling/v2", "policy/v1", "networking.k8s.io/v1",
	"rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "scheduling.k8s.io/v1", "coordination.k8s.io/v1",
	"discovery.k8s.io/v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1",
}
