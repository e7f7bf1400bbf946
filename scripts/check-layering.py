#!/usr/bin/env python3
"""Fails when a target's dependency breaks an arrow of architecture.md's module graph.

Reads `swift package dump-package` of the BFF and of Packages/Domain (or the dump files given as arguments,
one per package) and checks every target's dependencies against scripts/layers.json: each arrow must be one
the table allows, every non-test target must be named in the table, and every target the table names must
exist, so the table cannot go stale. Prints one line per broken arrow and exits 1; prints nothing and exits 0
when the graph conforms (--summary prints one line then too).
"""

import argparse
import json
import re
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TABLE = os.path.join(ROOT, "scripts", "layers.json")
DEFAULT_PACKAGES = [".", "Packages/Domain"]
TABLE_NAME = "scripts/layers.json"


class Dependency:
    """One arrow's head: a target of ours, or a product of an external package (by package identity)."""

    def __init__(self, name, package=None):
        self.name = name
        self.package = package

    def describe(self):
        return self.name if self.package is None else f"{self.name} ({self.package})"


def dump_package(package_path):
    result = subprocess.run(
        ["swift", "package", "--package-path", os.path.join(ROOT, package_path), "dump-package"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"check-layering: swift package dump-package failed for {package_path}:\n{result.stderr.strip()}")
    return json.loads(result.stdout)


def package_identities(dump):
    """Maps every name a `.product(package:)` may use (identity or declared name) to the package identity."""
    identities = {}
    for entry in dump.get("dependencies", []):
        for details in entry.values():
            for detail in details:
                identity = detail.get("identity")
                if identity:
                    identities[identity.lower()] = identity.lower()
                    if detail.get("nameForTargetDependencyResolutionOnly"):
                        identities[detail["nameForTargetDependencyResolutionOnly"].lower()] = identity.lower()
    return identities


def dependencies_of(target, local_targets, identities):
    for entry in target.get("dependencies", []):
        if "target" in entry:
            yield Dependency(entry["target"][0])
        elif "product" in entry:
            name, package = entry["product"][0], entry["product"][1]
            package = package or name
            yield Dependency(name, identities.get(package.lower(), package.lower()))
        elif "byName" in entry:
            name = entry["byName"][0]
            if name in local_targets:
                yield Dependency(name)
            else:
                yield Dependency(name, identities.get(name.lower(), name.lower()))
        else:
            raise SystemExit(f"check-layering: {target['name']}: unknown dependency kind {sorted(entry)}")


def forbidding_rule(rules, dependency):
    for rule in rules:
        if dependency.package is None:
            if rule.get("anyTarget") or dependency.name in rule.get("targets", []):
                return rule
        elif rule.get("anyPackage") or dependency.package in rule.get("packages", []):
            return rule
    return None


def allowed_summary(name, entry):
    allowed = entry.get("targets", []) + entry.get("packages", [])
    return f"{name} may depend on {', '.join(allowed)}" if allowed else f"{name} depends on nothing"


def table_problems(table):
    """A table entry that both allows and forbids an arrow, or has no allowed lists, is itself a failure."""
    problems = []
    for name, entry in table["targets"].items():
        if entry.get("anything"):
            continue
        if not isinstance(entry.get("targets"), list) or not isinstance(entry.get("packages"), list):
            problems.append(f"{TABLE_NAME}: {name} needs 'targets' and 'packages' lists (or 'anything': true)")
            continue
        for allowed in entry["targets"]:
            if forbidding_rule(entry.get("never", []), Dependency(allowed)) is not None:
                problems.append(f"{TABLE_NAME}: {name} both allows and forbids {allowed}")
        for allowed in entry["packages"]:
            if forbidding_rule(entry.get("never", []), Dependency(allowed, allowed)) is not None:
                problems.append(f"{TABLE_NAME}: {name} both allows and forbids the package {allowed}")
    return problems


def check(dumps, table):
    failures = table_problems(table)
    if failures:
        return failures, 0
    entries = table["targets"]
    declared = set()
    for dump in dumps:
        local_targets = {target["name"] for target in dump.get("targets", [])}
        identities = package_identities(dump)
        for target in dump.get("targets", []):
            name = target["name"]
            declared.add(name)
            if target.get("type") == "test" and table.get("testTargetsMayDependOnAnything"):
                continue
            entry = entries.get(name)
            if entry is None:
                failures.append(f"{name} (package {dump.get('name')}) is not in {TABLE_NAME}: add it to the layers table")
                continue
            if entry.get("anything"):
                continue
            for dependency in dependencies_of(target, local_targets, identities):
                rule = forbidding_rule(entry.get("never", []), dependency)
                if rule is not None:
                    failures.append(f"{name} -> {dependency.describe()} is not allowed (architecture.md: {rule['because']})")
                elif dependency.package is None and dependency.name in entry.get("targets", []):
                    continue
                elif dependency.package is not None and dependency.package in entry.get("packages", []):
                    continue
                else:
                    failures.append(f"{name} -> {dependency.describe()} is not allowed (architecture.md: {allowed_summary(name, entry)})")
    for name in sorted(set(entries) - declared):
        failures.append(f"{TABLE_NAME} names {name}, which no checked package declares: remove it or rename it")
    return failures, len(declared)


IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|(?:public|package|internal)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def import_problems(dump, package_root):
    """A module of this package that a target's sources import without declaring it: the build may still find
    it (SwiftPM leaves every module of the package where the compiler looks), so the table alone cannot see it."""
    failures = []
    local_targets = {target["name"] for target in dump.get("targets", [])}
    identities = package_identities(dump)
    for target in dump.get("targets", []):
        name = target["name"]
        default = "Tests" if target.get("type") == "test" else "Sources"
        folder = os.path.join(package_root, target.get("path") or os.path.join(default, name))
        if not os.path.isdir(folder):
            continue
        declared = {dependency.name for dependency in dependencies_of(target, local_targets, identities) if dependency.package is None}
        imported = set()
        for directory, _, files in os.walk(folder):
            for file in files:
                if file.endswith(".swift"):
                    with open(os.path.join(directory, file), encoding="utf-8") as source:
                        imported.update(IMPORT.findall(source.read()))
        for module in sorted((imported & local_targets) - declared - {name}):
            failures.append(f"{name} imports {module} without depending on it in Package.swift")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="*", help="dump-package JSON files, one per package (default: run dump-package)")
    parser.add_argument("--table", default=DEFAULT_TABLE, help="the layers table (default: scripts/layers.json)")
    parser.add_argument("--summary", action="store_true", help="print one summary line on success too")
    arguments = parser.parse_args()

    with open(arguments.table) as file:
        table = json.load(file)
    if arguments.dumps:
        dumps = []
        for path in arguments.dumps:
            with open(path) as file:
                dumps.append(json.load(file))
    else:
        dumps = [dump_package(path) for path in DEFAULT_PACKAGES]

    failures, checked = check(dumps, table)
    if not arguments.dumps:
        for dump, path in zip(dumps, DEFAULT_PACKAGES):
            failures += import_problems(dump, path)
    for failure in failures:
        print(failure)
    if failures:
        print(f"layering: {len(failures)} broken arrow(s) or table problem(s) in {checked} targets (table: {TABLE_NAME})")
        return 1
    if arguments.summary:
        print(f"layering: {checked} targets, every arrow allowed by {TABLE_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
