"""Tests of scripts/check-layering.py against the real layers table and the dump fixtures in scripts/fixtures/layering.

conforming.json is a dump of the target graph architecture.md draws; forbidden-arrow.json is the same graph with
one arrow more, PortalAPI -> PortalWhmcs. Run: python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import copy
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(SCRIPTS, "check-layering.py")
FIXTURES = os.path.join(SCRIPTS, "fixtures", "layering")

specification = importlib.util.spec_from_file_location("check_layering", SCRIPT)
check_layering = importlib.util.module_from_spec(specification)
specification.loader.exec_module(check_layering)


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as file:
        return json.load(file)


def run_script(*paths):
    return subprocess.run([sys.executable, SCRIPT, *paths], capture_output=True, text=True)


def target(dump, name):
    return next(entry for entry in dump["targets"] if entry["name"] == name)


class CheckLayeringTests(unittest.TestCase):
    def setUp(self):
        with open(check_layering.DEFAULT_TABLE) as file:
            self.table = json.load(file)
        self.root = fixture("conforming.json")
        self.domain = fixture("domain.json")

    def failures(self, root=None, domain=None, table=None):
        dumps = [root or self.root, domain or self.domain]
        return check_layering.check(dumps, table or self.table)[0]

    def test_the_target_graph_of_architecture_md_passes_quietly(self):
        result = run_script(os.path.join(FIXTURES, "conforming.json"), os.path.join(FIXTURES, "domain.json"))
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "", ""))

    def test_an_import_of_an_undeclared_module_of_the_package_fails_naming_both(self):
        dump = {"name": "p", "targets": [
            {"name": "PortalAPI", "type": "regular", "dependencies": [{"byName": ["PortalCache", None]}]},
            {"name": "PortalCache", "type": "regular", "dependencies": []},
            {"name": "PortalUpstream", "type": "regular", "dependencies": []},
        ]}
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "Sources", "PortalAPI"))
            with open(os.path.join(root, "Sources", "PortalAPI", "A.swift"), "w") as file:
                file.write("import Foundation\nimport PortalCache\n@testable import PortalUpstream\n")
            self.assertEqual(
                check_layering.import_problems(dump, root), ["PortalAPI imports PortalUpstream without depending on it in Package.swift"])

    def test_an_api_arrow_to_a_provider_fails_naming_the_arrow_and_the_rule(self):
        result = run_script(os.path.join(FIXTURES, "forbidden-arrow.json"), os.path.join(FIXTURES, "domain.json"))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stdout.splitlines()[0],
            "PortalAPI -> PortalWhmcs is not allowed (architecture.md: PortalAPI never depends on a provider module)",
        )
        self.assertEqual(len(result.stdout.splitlines()), 2, result.stdout)

    def test_a_target_the_table_does_not_name_fails(self):
        root = copy.deepcopy(self.root)
        root["targets"].append({"name": "PortalConfig", "type": "regular", "dependencies": []})
        self.assertEqual(
            self.failures(root=root),
            ["PortalConfig (package portal-bff) is not in scripts/layers.json: add it to the layers table"],
        )

    def test_a_table_entry_no_package_declares_fails(self):
        root = copy.deepcopy(self.root)
        root["targets"] = [entry for entry in root["targets"] if entry["name"] != "DeveloperTools"]
        target(root, "PortalBFF")["dependencies"] = []
        self.assertEqual(
            self.failures(root=root),
            ["scripts/layers.json names DeveloperTools, which no checked package declares: remove it or rename it"],
        )

    def test_an_unlisted_product_arrow_fails_naming_the_product_its_package_and_what_is_allowed(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalCache")["dependencies"].append({"product": ["Logging", "swift-log", None, None]})
        self.assertEqual(
            self.failures(root=root),
            [
                "PortalCache -> Logging (swift-log) is not allowed "
                "(architecture.md: PortalCache may depend on PortalRedis, PortalSupport, domain, swift-crypto, swift-metrics, swift-distributed-tracing)"
            ],
        )

    def test_a_provider_depending_on_another_provider_fails(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalWhmcs")["dependencies"].append({"target": ["PortalFreebit", None]})
        self.assertEqual(
            self.failures(root=root),
            [
                "PortalWhmcs -> PortalFreebit is not allowed (architecture.md: a provider never depends on another provider; "
                "workflows across providers live in the application services)"
            ],
        )

    def test_the_sandbox_depending_on_the_client_transport_fails(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalSandbox")["dependencies"].append({"byName": ["PortalUpstream", None]})
        self.assertEqual(
            self.failures(root=root),
            [
                "PortalSandbox -> PortalUpstream is not allowed (architecture.md: the sandbox never imports the clients it "
                "imitates, so a bug shared by client and fake cannot hide)"
            ],
        )

    def test_the_api_reading_configuration_fails(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalAPI")["dependencies"].append({"product": ["Configuration", "swift-configuration", None, None]})
        self.assertEqual(
            self.failures(root=root),
            [
                "PortalAPI -> Configuration (swift-configuration) is not allowed "
                "(architecture.md: PortalAPI never depends on the configuration module)"
            ],
        )

    def test_a_byname_product_of_another_package_is_checked_by_its_package(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalApplication")["dependencies"].append({"byName": ["Hummingbird", None]})
        self.assertEqual(
            self.failures(root=root),
            ["PortalApplication -> Hummingbird (hummingbird) is not allowed (architecture.md: the application services know nothing of HTTP)"],
        )

    def test_domain_depending_on_anything_fails(self):
        domain = copy.deepcopy(self.domain)
        target(domain, "Domain")["dependencies"].append({"product": ["PropertyBased", "swift-property-based", None, None]})
        self.assertEqual(
            self.failures(domain=domain),
            ["Domain -> PropertyBased (swift-property-based) is not allowed (architecture.md: Domain (Packages/Domain) depends on Foundation only)"],
        )

    def test_test_targets_may_depend_on_anything(self):
        root = copy.deepcopy(self.root)
        target(root, "PortalAPITests")["dependencies"].append({"product": ["Configuration", "swift-configuration", None, None]})
        self.assertEqual(self.failures(root=root), [])

    def test_a_table_that_allows_and_forbids_the_same_arrow_is_itself_a_failure(self):
        table = copy.deepcopy(self.table)
        table["targets"]["PortalAPI"]["targets"].append("PortalWhmcs")
        self.assertEqual(self.failures(table=table), ["scripts/layers.json: PortalAPI both allows and forbids PortalWhmcs"])


if __name__ == "__main__":
    unittest.main()
