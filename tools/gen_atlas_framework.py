"""Write frameworks/mitre-atlas.json from a tagged release of MITRE ATLAS data.

ATLAS (https://atlas.mitre.org) publishes its data in the mitre-atlas/atlas-data
repository under the Apache License 2.0; each release is a git tag, and `dist/ATLAS.yaml`
holds every tactic, technique, mitigation and case study. This script keeps the
techniques, sub-techniques and mitigations (ids and names, sub-techniques under their
parent, each mitigation with the techniques it addresses) and writes them in ftcomply's
framework format.

From a clone of atlas-data (the tag's date and licence are read from git):

    python tools/gen_atlas_framework.py --git-dir ../atlas-data/.git --tag v5.6.1

or from a copy of that tag's dist/ATLAS.yaml:

    python tools/gen_atlas_framework.py --atlas-yaml ATLAS.yaml --tag v5.6.1 --date 2026-05-05

Then run tests/test_frameworks.py and update the counts in docs/frameworks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ftcomply.frameworks import dump_framework, parse_framework

REPO = "https://github.com/mitre-atlas/atlas-data"
SITE = "https://atlas.mitre.org"
OUTPUT = Path(__file__).resolve().parent.parent / "frameworks" / "mitre-atlas.json"


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                          capture_output=True, text=True).stdout


def build(atlas: dict[str, Any], tag: str, date: str) -> dict[str, Any]:
    """The framework file's content from the parsed ATLAS.yaml of release `tag`."""
    matrix = next(m for m in atlas["matrices"] if m["id"] == "ATLAS")
    techniques = {t["id"]: t for t in matrix["techniques"]}
    requirements: list[dict[str, Any]] = []
    for tid in sorted(techniques):
        technique = techniques[tid]
        parent = technique.get("subtechnique-of")
        if parent:
            requirements.append({
                "id": tid, "title": f"{techniques[parent]['name']}: {technique['name']}",
                "kind": "sub-technique", "parent": parent,
                "url": f"{SITE}/techniques/{tid}"})
        else:
            requirements.append({"id": tid, "title": technique["name"], "kind": "technique",
                                 "url": f"{SITE}/techniques/{tid}"})
    dangling = []
    for mitigation in sorted(matrix["mitigations"], key=lambda m: m["id"]):
        related: list[str] = []
        for use in mitigation.get("techniques", ()):
            if use["id"] not in techniques:
                dangling.append(f"{mitigation['id']} -> {use['id']}")
            elif use["id"] not in related:
                related.append(use["id"])
        entry: dict[str, Any] = {"id": mitigation["id"], "title": mitigation["name"],
                                 "kind": "mitigation"}
        if related:
            entry["related"] = related
        entry["url"] = f"{SITE}/mitigations/{mitigation['id']}"
        requirements.append(entry)
    if dangling:
        print("mitigation links to techniques not in this release, left out: "
              + ", ".join(dangling), file=sys.stderr)
    subtechniques = sum(1 for r in requirements if r["kind"] == "sub-technique")
    return {
        "$schema": "../schemas/framework.v1.schema.json",
        "id": "mitre-atlas",
        "version": f"{atlas['version']} (atlas-data {tag})",
        "title": "MITRE ATLAS (Adversarial Threat Landscape for AI Systems)",
        "source": {
            "document": f"MITRE ATLAS data {atlas['version']}, dist/ATLAS.yaml of atlas-data "
                        f"release {tag}",
            "url": f"{REPO}/tree/{tag}",
            "date": date,
            "publisher": "The MITRE Corporation",
        },
        "licence": "ATLAS data is (c) MITRE, licensed under the Apache License 2.0 "
                   f"({REPO}/blob/{tag}/LICENSE). This file keeps ids, names and the "
                   "mitigation-to-technique links only, no descriptions.",
        "scope": f"Every technique ({len(techniques) - subtechniques}), sub-technique "
                 f"({subtechniques}) and mitigation ({len(matrix['mitigations'])}) of the "
                 f"ATLAS matrix in release {tag}; tactics and case studies are left out.",
        "id_scheme": "ATLAS ids as published: AML.Tnnnn for a technique, AML.Tnnnn.nnn for a "
                     "sub-technique (parent: its technique), AML.Mnnnn for a mitigation "
                     "(related: the techniques it addresses).",
        "generated_by": "tools/gen_atlas_framework.py",
        "requirements": requirements,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tag", required=True, help="the atlas-data release tag, e.g. v5.6.1")
    parser.add_argument("--git-dir", help="git directory of an atlas-data clone")
    parser.add_argument("--atlas-yaml", type=Path, help="that tag's dist/ATLAS.yaml")
    parser.add_argument("--date", help="release date (YYYY-MM-DD); read from git with --git-dir")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if bool(args.git_dir) == bool(args.atlas_yaml):
        parser.error("give either --git-dir or --atlas-yaml")
    if args.git_dir:
        licence = _git(args.git_dir, "show", f"{args.tag}:LICENSE")
        if "Apache License" not in licence or "Version 2.0" not in licence:
            print(f"LICENSE at {args.tag} is not the Apache License 2.0: stopping",
                  file=sys.stderr)
            return 1
        text = _git(args.git_dir, "show", f"{args.tag}:dist/ATLAS.yaml")
        date = args.date or _git(args.git_dir, "log", "-1", "--format=%cs", args.tag).strip()
    else:
        if not args.date:
            parser.error("--date is required with --atlas-yaml")
        text = args.atlas_yaml.read_text(encoding="utf-8")
        date = args.date
    data = build(yaml.safe_load(text), args.tag, date)
    parse_framework(data, str(args.output), stem=args.output.stem)  # fails if invalid
    args.output.write_text(dump_framework(data), encoding="utf-8")
    print(f"{args.output}: {len(data['requirements'])} requirements ({data['scope']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
