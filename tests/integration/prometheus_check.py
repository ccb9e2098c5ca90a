#!/usr/bin/env python3
"""Checks a Prometheus text exposition (format 0.0.4) read from stdin, as strictly as
`promtool check metrics` does for what eyed writes: names, label syntax and escapes, HELP and
TYPE once per family before its samples, families not interleaved, no repeated series, counters
named *_total, histograms with ascending cumulative buckets ending in +Inf == _count.
Prints each problem with its line number; exits 1 when there is any. Standard library only:
Debian's prometheus package (for promtool) is ~96 MB and would start a server when installed."""
import math
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
VALUE = r'"(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{((?:{LABEL}={VALUE})(?:,{LABEL}={VALUE})*,?)?\}})? (\S+)(?: (-?\d+))?$")
PAIR = re.compile(rf"({LABEL})=({VALUE})")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def number(text):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    return float(text)  # raises ValueError for anything else


def check(lines):
    problems = []
    helps, types, done = {}, {}, set()
    current = None  # the family whose samples may follow
    seen = set()
    buckets = {}  # (family, labels without le) -> [(le, value)]
    counts = {}
    for n, line in enumerate(lines, 1):
        def bad(what):
            problems.append(f"line {n}: {what}: {line!r}")

        if not line:
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not re.fullmatch(NAME, name):
                    bad("bad metric name")
                if name in done:
                    bad(f"family {name} appears twice (interleaved)")
                if current and current != name:
                    done.add(current)
                current = name
                table = helps if parts[1] == "HELP" else types
                if name in table:
                    bad(f"second {parts[1]} for {name}")
                table[name] = parts[3] if len(parts) > 3 else ""
                if parts[1] == "TYPE" and table[name] not in TYPES:
                    bad("unknown type")
                if parts[1] == "TYPE" and table[name] == "counter" and not name.endswith("_total"):
                    bad("a counter's name should end in _total")
            continue
        m = SAMPLE.match(line)
        if not m:
            bad("not a sample line")
            continue
        name, labels_text, value_text = m.group(1), m.group(2) or "", m.group(3)
        try:
            value = number(value_text)
        except ValueError:
            bad("bad value")
            continue
        labels = PAIR.findall(labels_text)
        if len({k for k, _ in labels}) != len(labels):
            bad("repeated label name")
        family = current
        kind = types.get(family)
        allowed = {family} if kind != "histogram" else {family + "_bucket", family + "_sum", family + "_count"}
        if family is None or name not in allowed:
            bad(f"sample outside its family (current family: {family})")
            continue
        if family not in helps or family not in types:
            bad("sample before its family's HELP and TYPE")
        key = (name, tuple(sorted(labels)))
        if key in seen:
            bad("repeated series")
        seen.add(key)
        if kind == "counter" and not value >= 0:
            bad("negative counter")
        if kind == "histogram":
            rest = tuple(sorted((k, v) for k, v in labels if k != "le"))
            if name.endswith("_bucket"):
                les = [v for k, v in labels if k == "le"]
                if len(les) != 1:
                    bad("a bucket without le")
                    continue
                buckets.setdefault((family, rest), []).append((number(les[0].strip('"')), value, n))
            elif name.endswith("_count"):
                counts[(family, rest)] = value
    for (family, rest), series in buckets.items():
        where = f"{family}{dict(rest)}"
        les = [le for le, _, _ in series]
        if les != sorted(les):
            problems.append(f"{where}: buckets not in ascending le order")
        values = [v for _, v, _ in series]
        if values != sorted(values):
            problems.append(f"{where}: bucket counts are not cumulative")
        if not les or les[-1] != math.inf:
            problems.append(f"{where}: no +Inf bucket")
        elif counts.get((family, rest)) != values[-1]:
            problems.append(f"{where}: _count {counts.get((family, rest))} differs from the +Inf bucket {values[-1]}")
    if not seen:
        problems.append("no samples at all")
    return problems


if __name__ == "__main__":
    text = sys.stdin.read()
    if text and not text.endswith("\n"):
        print("the exposition does not end with a newline")
        sys.exit(1)
    found = check(text.split("\n"))
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
