#!/usr/bin/env python3
"""No import cycle among the project's own Rust modules (issue "Code for the next person, part two").

A module's edges are the `crate::` and `super::` paths it names outside its tests, resolved to the
longest module they reach; a module and its own parent or children do not count (Rust declares
children in their parent). Exits 1 naming every cycle found.

    python3 scripts/check/import_cycles.py src native-train/src
"""
import os
import re
import sys


def modules(root):
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".rs"):
                parts = os.path.relpath(os.path.join(folder, name), root)[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    found["::".join(parts)] = f.read().split("#[cfg(test)]")[0]
    return found


def edges(found):
    graph = {module: set() for module in found}
    for module, source in found.items():
        for path in re.findall(r"\b(?:crate|super)(?:::\w+)+", source):
            parts = path.split("::")
            if parts[0] == "crate":
                target = parts[1:]
            else:
                target, i = module.split("::")[:-1] if module else [], 1
                while i < len(parts) and parts[i] == "super":
                    target, i = target[:-1], i + 1
                target = target + parts[i:]
            for k in range(len(target), 0, -1):
                reached = "::".join(target[:k])
                if reached in found:
                    related = reached == module or reached.startswith(module + "::") or module.startswith(reached + "::")
                    if not related:
                        graph[module].add(reached)
                    break
    return graph


def cycles(graph):
    found = set()

    def walk(start, node, path):
        for nxt in graph[node]:
            if nxt == start:
                found.add(tuple(sorted(path)))
            elif nxt not in path and len(path) < 8:
                walk(start, nxt, path + [nxt])

    for start in graph:
        walk(start, start, [start])
    return sorted(found)


def main(roots):
    bad = 0
    for root in roots:
        for cycle in cycles(edges(modules(root))):
            print(f"{root}: import cycle among {', '.join(cycle)}")
            bad += 1
    print(f"import cycles: {bad} in {', '.join(roots)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src", "native-train/src"]))
