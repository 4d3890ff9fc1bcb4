"""The catalog as people read it: `ftcomply controls` (table, json, markdown) and `explain`.

`docs/controls.md` is this module's markdown output; a test keeps the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from ftcomply.catalog import Catalog
from ftcomply.models import PHASES, Control

CATALOG_FORMATS = ("table", "json", "markdown")


def _frameworks(control: Control) -> str:
    return "; ".join(f"{name}: {', '.join(ids)}" for name, ids in control.frameworks.items())


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def controls_json(catalog: Catalog, params: dict[str, Any]) -> str:
    entries = [
        {
            "id": c.id,
            "title": c.title,
            "phase": c.phase,
            "severity": c.severity.value,
            "tiers": list(c.tiers),
            "frameworks": {k: list(v) for k, v in c.frameworks.items()},
            "threats": list(c.threats),
            "parameters": {p: params[p] for p in c.parameters},
            "builtin": c.builtin,
            "source": c.source,
        }
        for c in catalog.controls
    ]
    document = {
        "catalog": {"version": catalog.version, "digest": catalog.digest},
        "controls": entries,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def controls_table(catalog: Catalog, params: dict[str, Any]) -> str:
    rows = [("ID", "SEVERITY", "TIERS", "TITLE", "PARAMETERS")]
    for c in catalog.controls:
        parameters = ", ".join(f"{p}={_value(params[p])}" for p in c.parameters)
        rows.append((c.id, c.severity.value, ",".join(c.tiers), c.title, parameters))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    phase = None
    for index, row in enumerate(rows):
        control = catalog.controls[index - 1] if index else None
        if control and control.phase != phase:
            phase = control.phase
            lines.append(f"\n[{phase}]")
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"\n{len(catalog.controls)} controls, catalog {catalog.version} "
                 f"({catalog.digest})")
    return "\n".join(lines).lstrip("\n") + "\n"


def controls_markdown(catalog: Catalog, params: dict[str, Any]) -> str:
    out = [
        "# Control catalog",
        "",
        "Generated from the policies' `# METADATA` by `ftcomply controls --format markdown`;",
        "do not edit by hand (a test compares it with the policies).",
        "",
        f"Catalog {catalog.version}: {len(catalog.controls)} controls.",
        "",
    ]
    for phase in PHASES:
        controls = [c for c in catalog.controls if c.phase == phase]
        if not controls:
            continue
        out += [f"## {phase}", "", "| id | title | severity | tiers | frameworks |",
                "|---|---|---|---|---|"]
        for c in controls:
            out.append(f"| [{c.id}](#{c.id.lower()}) | {c.title} | {c.severity.value} | "
                       f"{', '.join(c.tiers)} | {_frameworks(c)} |")
        out.append("")
        for c in controls:
            out += [f"### {c.id}", "", f"**{c.title}** ({c.severity.value}; tiers "
                    f"{', '.join(c.tiers)})", "", c.description, ""]
            if c.threats:
                out += [f"Threats: {'; '.join(c.threats)}.", ""]
            if c.parameters:
                out += ["Parameters: " + ", ".join(f"`{p}` = `{_value(params[p])}`"
                                                   for p in c.parameters) + ".", ""]
            out += [f"Remediation: {c.remediation}", ""]
            if c.example:
                out += ["Passing evidence:", "", "```yaml", c.example, "```", ""]
    out += ["## Parameters", "", "| parameter | default | meaning |", "|---|---|---|"]
    for name, parameter in sorted(catalog.parameters.items()):
        out.append(f"| `{name}` | `{_value(params[name])}` | {parameter.description} |")
    return "\n".join(out) + "\n"


def explain(control: Control, catalog: Catalog, params: dict[str, Any]) -> str:
    """What a control checks and why, its parameters, how to remediate, passing evidence."""
    out = [
        f"{control.id}: {control.title}",
        f"phase {control.phase}; severity {control.severity.value}; "
        f"tiers {', '.join(control.tiers)}"
        + ("; applies only when its condition holds" if control.has_applicable else ""),
        "",
        "What it checks and why:",
        f"  {control.description}",
    ]
    if control.threats:
        out.append(f"  Threats: {'; '.join(control.threats)}.")
    if control.frameworks:
        out += ["", "Frameworks:"]
        out += [f"  {name}: {', '.join(ids)}" for name, ids in control.frameworks.items()]
    if control.parameters:
        out += ["", "Parameters (value in effect):"]
        for name in control.parameters:
            description = catalog.parameters[name].description
            out.append(f"  {name} = {_value(params[name])}  {description}")
    out += ["", "Remediation:", f"  {control.remediation}"]
    if control.example:
        out += ["", "Passing evidence looks like:"]
        out += [f"  {line}" for line in control.example.splitlines()]
    out += ["", f"Source: {control.source}"]
    return "\n".join(out) + "\n"
