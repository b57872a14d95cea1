#!/usr/bin/env python3
"""Draw a blind sample of noken outputs for hand labelling.

Reads the JSON lines of `noken rows FOLDER` (one row per noken x prompt) and writes a TSV that keeps only what a
labeller may see: a stable id, the prompt's name (and kind, when the campaign spec is given), the control reply
(the reply without a noken) and the reply with the noken. Every score, label, outcome and noken-geometry column is
dropped, so labels are decided by reading alone.

The sample is stratified so the most common reply does not dominate it: at most --per-reply rows are kept per
distinct (prompt, reply) text, then the survivors are shuffled with a fixed seed and the first --count are written.

    noken rows /tmp/labelling-run > /tmp/labelling-rows.jsonl
    python3 tools/labelling/sample-outputs.py /tmp/labelling-rows.jsonl \
        --spec tools/labelling/labelling-sample.yaml -o /tmp/labelling-blind.tsv

Standard library only.
"""

import argparse
import json
import random
import re
import sys
from collections import defaultdict

COLUMNS = ["id", "prompt", "kind", "control", "reply"]


def escape(text):
    """One TSV cell: backslashes, tabs and newlines written as \\\\, \\t, \\n (carriage returns as \\r)."""
    return (text or "").replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def prompt_name(prompt):
    """A row's prompt is written `name@position` (the noken's token position); the name is what a reader needs."""
    return prompt.rsplit("@", 1)[0] if "@" in prompt else prompt


def read_kinds(spec_path):
    """The `kind` of each prompt in a campaign spec, by name (benign when a prompt gives none, as the spec reader
    does). A minimal line reader for the spec's `prompts:` list, enough for specs written in the examples' style."""
    kinds, current, in_prompts = {}, None, False
    with open(spec_path, encoding="utf-8") as spec:
        for line in spec:
            line = line.split(" #", 1)[0].rstrip()
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line.startswith((" ", "-")):  # a top-level key
                in_prompts = line.startswith("prompts:")
                continue
            if not in_prompts:
                continue
            m = re.match(r"^\s*(-\s+)?(\w+):\s*(.*)$", line)
            if not m:
                continue
            key, value = m.group(2), m.group(3).strip().strip("'\"")
            if m.group(1):  # a new list item
                current = None
            if key == "name":
                current = value
                kinds.setdefault(current, "benign")
            elif key == "kind" and current is not None:
                kinds[current] = value.lower()
    return kinds


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON: {e}")
            missing = [k for k in ("nokenId", "prompt", "control", "continuation") if k not in row]
            if missing:
                sys.exit(f"{path}:{number}: missing {', '.join(missing)}")
            # Keep only what the labeller may see; nothing else of the row goes any further.
            rows.append({
                "id": f"{row['nokenId']}|{prompt_name(row['prompt'])}",
                "prompt": prompt_name(row["prompt"]),
                "control": row["control"] or "",
                "reply": row["continuation"] or "",
            })
    return rows


def sample(rows, count, per_reply, seed):
    """At most `per_reply` rows per distinct (prompt, reply), chosen at random, then `count` of those at random."""
    rng = random.Random(seed)
    groups = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["id"]):  # independent of the rows file's order
        groups[(row["prompt"], row["reply"])].append(row)
    pool = []
    for key in sorted(groups):
        members = groups[key]
        pool.extend(rng.sample(members, min(per_reply, len(members))))
    rng.shuffle(pool)
    return pool[:count], len(pool), len(groups)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", help="JSON lines from `noken rows FOLDER`")
    parser.add_argument("-o", "--output", help="the blind TSV (default: standard output)")
    parser.add_argument("--spec", help="the campaign spec, to add each prompt's kind")
    parser.add_argument("--count", type=int, default=240, help="rows to sample (default 240)")
    parser.add_argument("--per-reply", type=int, default=3, help="most rows per distinct (prompt, reply) (default 3)")
    parser.add_argument("--seed", type=int, default=20240601, help="shuffle seed (default 20240601)")
    args = parser.parse_args()

    rows = read_rows(args.rows)
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        sys.exit("two rows share a (noken, prompt) id")
    kinds = read_kinds(args.spec) if args.spec else {}
    chosen, pool, distinct = sample(rows, args.count, args.per_reply, args.seed)
    if len(chosen) < args.count:
        print(f"warning: only {len(chosen)} rows after capping at {args.per_reply} per reply", file=sys.stderr)

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        out.write("\t".join(COLUMNS) + "\n")
        for row in chosen:
            cells = [row["id"], row["prompt"], kinds.get(row["prompt"], ""), row["control"], row["reply"]]
            out.write("\t".join(escape(c) for c in cells) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{len(rows)} rows, {distinct} distinct (prompt, reply), {pool} after the cap, {len(chosen)} written",
          file=sys.stderr)


if __name__ == "__main__":
    main()
