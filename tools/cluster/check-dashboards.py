#!/usr/bin/env python3
"""Runs every PromQL expression of deploy/grafana/*.json against a real Prometheus (tools/cluster/prometheus.sh) and
says which ones Prometheus refuses (a syntax or type error the metric-name test cannot see) and which return nothing
right now. A manual check: CI has no Prometheus.

    tools/cluster/check-dashboards.py [PROMETHEUS_URL=http://127.0.0.1:9090] [CAMPAIGN]

Grafana's variables are replaced the way Grafana would for a 5 s scrape interval: $job/$instance match all, $campaign
is CAMPAIGN or the first campaign Prometheus knows, $__rate_interval 20s, $__range 1h. Exit 1 if any is refused.
"""
import glob, json, os, re, sys, urllib.error, urllib.parse, urllib.request

url = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:9090").rstrip("/")
root = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def api(path, **params):
    try:
        with urllib.request.urlopen(f"{url}{path}?{urllib.parse.urlencode(params, doseq=True)}", timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:   # 400/422 carry Prometheus' own error in the body
        return json.load(e)


def campaign():
    if len(sys.argv) > 2:
        return sys.argv[2]
    values = api("/api/v1/label/campaign/values", **{"match[]": "noken_campaign_budget"}).get("data") or []
    return values[0] if values else "none"


def queries(board):
    def walk(panels):
        for p in panels or []:
            yield p
            yield from walk(p.get("panels"))
    for p in walk(board.get("panels")):
        for t in p.get("targets") or []:
            if t.get("expr"):
                yield f"panel '{p.get('title')}' {t.get('refId')}", t["expr"]
    for a in board.get("annotations", {}).get("list", []):
        if a.get("expr"):
            yield f"annotation '{a.get('name')}'", a["expr"]
    for v in board.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v["query"]["query"] if isinstance(v.get("query"), dict) else v.get("query", "")
        m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", q or "")
        # label_values(selector, label) is Grafana's, not PromQL: the query behind it is the label's groups.
        yield f"variable '{v['name']}'", f"group by ({m.group(2)}) ({m.group(1)})" if m else q


def substitute(expr, values):
    for name, value in values.items():
        expr = expr.replace("${" + name + "}", value).replace("$" + name, value)
    return expr


values = {"__rate_interval": "20s", "__interval": "5s", "__range": "1h", "job": ".*", "instance": ".*", "campaign": campaign()}
print(f"{url}, campaign {values['campaign']}")
refused = empty = ok = 0
for path in sorted(glob.glob(os.path.join(root, "deploy", "grafana", "*.json"))):
    board = json.load(open(path, encoding="utf-8"))
    for where, expr in queries(board):
        result = api("/api/v1/query", query=substitute(expr, values))
        name = f"{os.path.basename(path)} {where}"
        if result.get("status") != "success":
            refused += 1
            print(f"REFUSED {name}: {result.get('errorType')}: {result.get('error')}\n        {expr}")
        elif not result["data"]["result"]:
            empty += 1
            print(f"empty   {name}")
        else:
            ok += 1
print(f"{ok} with data, {empty} empty now, {refused} refused")
sys.exit(1 if refused else 0)
