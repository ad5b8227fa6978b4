"""Policy is data: no fact from a notice is written into the site's code or templates, so a
new notice needs a YAML file and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import ROOT

SOURCES = [
    *sorted((ROOT / "generator" / "templates").rglob("*")),
    ROOT / "generator" / "render.py",
    ROOT / "generator" / "build.py",
    ROOT / "mkdocs.yml",
    *sorted((ROOT / "overrides").rglob("*")),
]
OWN = [p for p in SOURCES if p.is_file() and "selfcheck" not in p.name]


def facts(program: dict) -> set[str]:
    found = {
        program["notice"]["document_number"],
        program["notice"]["issuer"]["zh"],
        program["notice"]["date"],
        program["last_verified"],
    }
    for fee in program.get("fees", []):
        found.add(str(fee["amount_cny"]))
        if "payee" in fee:
            found |= {fee["payee"]["account_number"], fee["payee"]["bank"]}
    for sub in program["subsidies"]:
        found.add(sub["name"]["zh"])
        found |= {str(a["amount_cny"]) for a in sub["amounts"]}
    for contact in program.get("contacts", []):
        found.add(contact.get("phone") or contact.get("email"))
    for material in program["materials"]:
        if len(material["name"]["zh"]) >= 5:  # not plain nouns such as 身份证 (ID card)
            found.add(material["name"]["zh"])
        if "max_bytes" in material:
            found.add(str(material["max_bytes"]))
        if "naming" in material:
            found.add(material["naming"]["notice_example"])
    if "training" in program:
        found.add(str(program["training"]["hours"]))
    found |= {site["url"].split("//")[-1] for site in program["verification_sites"]}
    found |= {"学信网", "见证补贴"}  # named in the brief: terms only the data may hold
    return {f for f in found if len(f) >= 3}


@pytest.mark.parametrize("path", OWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notice_fact_is_written_into_site_code_or_templates(path: Path, programs):
    content = path.read_text(encoding="utf-8")
    leaked = sorted(f for program in programs.values() for f in facts(program) if f in content)
    assert not leaked, leaked
