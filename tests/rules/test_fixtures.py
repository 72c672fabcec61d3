"""Data-driven: valid repositories validate clean; each invalid fixture gives exactly the
diagnostics its '# expect: CODE' markers (and case.yaml) name, at the lines they name."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from omrade.rules import RULES
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case, expected_markers, run_json

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


# The bundled data describes area development as of late 2025: its 2025 plans and budget
# are adopted and followed up. From 2026-01-01 the missing 2026 budget and plans are
# reported too (OMR316, OMR317), which is the calendar doing its job.
BUNDLED_AS_OF = "2025-12-15"


@pytest.mark.parametrize(
    "repo, as_of",
    [(FIXTURES / "base", BASE_AS_OF), (ROOT / "examples" / "stockholm", BUNDLED_AS_OF)],
    ids=["base-fixture", "stockholm-example"],
)
def test_valid_repositories_validate_clean(runner, repo: Path, as_of: str) -> None:
    code, out = run_json(runner, repo, "--as-of", as_of)
    assert out["diagnostics"] == []
    assert code == 0


def test_bundled_data_warns_only_that_its_guideline_has_expired(runner) -> None:
    """KS/2017:96 is recorded as it is: valid to 2023-09-27, so it has expired; the sources
    justify that warning and nothing else (docs/bundled-data.md)."""
    code, out = run_json(runner, ROOT, "--as-of", BUNDLED_AS_OF)
    found = [(d["code"], d["file"], d["severity"]) for d in out["diagnostics"]]
    assert found == [("OMR314", "data/guidelines/riktlinjer-omradesutveckling.yaml", "warning")]
    assert "expired on 2023-09-27" in out["diagnostics"][0]["message"]
    assert code == 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture(runner, case: Path, tmp_path: Path) -> None:
    repo, spec = build_case(case, tmp_path)
    expected = expected_markers(repo)
    for item in spec.get("expect", []):
        expected[(item["code"], item["file"], item["line"])] += 1
    assert expected, f"{case.name} names no expected diagnostic"
    args = ["--as-of", str(spec.get("as_of", BASE_AS_OF)), *spec.get("args", [])]
    code, out = run_json(runner, repo, *args)
    got = Counter((d["code"], d["file"], d["line"]) for d in out["diagnostics"])
    assert got == expected, _explain(got, expected, out)
    errors = any(d["severity"] == "error" for d in out["diagnostics"])
    assert code == (1 if errors else 0)
    for d in out["diagnostics"]:
        assert d["message"] and d["column"] >= 1


def _explain(got: Counter, expected: Counter, out: dict) -> str:
    missing = expected - got
    extra = got - expected
    detail = {(d["code"], d["file"], d["line"]): d["message"] for d in out["diagnostics"]}
    return f"missing: {sorted(missing)}\nunexpected: {[(k, detail.get(k)) for k in sorted(extra)]}"


def test_every_rule_has_an_invalid_fixture() -> None:
    covered: set[str] = set()
    for case in CASES:
        text = "".join(p.read_text("utf-8", "replace") for p in case.rglob("*.yaml") if p.is_file())
        covered.update(code for code in RULES if code in text)
    # 8xx are refusals of report, new, init and schema, not validate: their tests are there
    refusals = (ROOT / "tests" / "load" / "test_untrusted_files.py").read_text(encoding="utf-8")
    covered.update(code for code in RULES if code[3] == "8" and f'"{code}"' in refusals)
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without an invalid fixture: {missing}"
