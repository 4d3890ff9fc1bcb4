"""The HTML report: self-contained, escaped, and checked in a real headless browser."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest
import yaml
from formats_support import (
    ARTIFACT_ONERROR,
    ARTIFACT_SCRIPT,
    all_baselined,
    assert_cli_writes,
    assert_matches_golden,
    failing_results,
    with_waiver,
)
from support import AS_OF, EXAMPLES

from ftcomply.evidence import DigestStatus
from ftcomply.models import Location, Report, Status, Waiver, WaiverState
from ftcomply.output import RenderOptions
from ftcomply.output.html import render
from ftcomply.pipeline import CheckOptions, run_check

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SCRIPT = "<script>alert(1)</script>"
ONERROR = '"><img src=x onerror=alert(1)>'
BROWSER_TIMEOUT = 20


@pytest.fixture(scope="module")
def page(report) -> str:
    return render(report, RenderOptions())


class _Page(HTMLParser):
    """Every tag with its attributes, plus the text of <style> and <title> elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "title":
            self.title += data


def assert_self_contained(text: str) -> None:
    """No script, no event handler, no fetchable URL, and the strict CSP in place."""
    parsed = _Page(text)
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for attr in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(attr)
            assert value is None or value.startswith("data:"), (tag, attr, value)
    css = "".join(parsed.styles)
    assert "@import" not in css and "url(" not in css
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in parsed.tags
    assert not re.search(r"(?i)\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", text)


def test_golden(page):
    assert_matches_golden("examples.html", page)


def test_cli_writes_the_same_bytes(tmp_path, report, page):
    assert_cli_writes("html", page, report.exit_code, tmp_path)


def test_page_is_self_contained(page):
    assert_self_contained(page)
    assert "@media print" in page


def test_page_shows_run_identity_and_every_input(report, page):
    info = report.info
    assert f"Verdict: {report.status.value.upper()} (exit code {report.exit_code})" in page
    for value in (info.as_of, info.tool_version, info.engine, info.catalog_version,
                  info.catalog_digest, info.schema_digest, info.fail_on.value):
        assert value in page
    for document in report.documents:
        assert document.path in page and document.sha256 in page
    for name in info.parameter_values:
        assert f'<td class="mono">{name}</td>' in page


def test_matrix_has_a_labelled_cell_per_control_and_document(report, page):
    matrix = page[page.index('<section id="matrix">'):page.index('<section id="parties">')]
    for control in report.controls:
        row = re.search(rf'<td class="mono">{re.escape(control.id)}</td>(.*?)</tr>', matrix,
                        re.DOTALL)
        assert row, control.id
        # A not-applicable cell carries its reason as a tooltip.
        cells = re.findall(r'<td class="status (\w+)"(?: title="[^"]*")?>([^<]+)</td>',
                           row.group(1))
        expected = [d.results[[r.control.id for r in d.results].index(control.id)].status.value
                    for d in report.documents]
        assert [status for status, _ in cells] == expected
        assert all(label.strip() for _, label in cells)


def test_passes_say_what_they_rest_on_and_not_applicable_results_say_why(report, page):
    assert "PASS (declared)" in page
    section = page[page.index('<section id="not-applicable">'):page.index(
        '<section id="findings">')]
    for document in report.documents:
        for result in document.results:
            if result.raw_status is Status.NOT_APPLICABLE:
                assert str(markupsafe.escape(result.reason)) in section
    parties = page[page.index('<section id="parties">'):page.index(
        '<section id="not-applicable">')]
    assert "priya.raman@example.com" in parties and "svc-ml-pipeline@example.com" in parties


def test_remediation_code_spans_are_code():
    from ftcomply.output.html import inline_code

    assert str(inline_code("Set `a<b>` then <script>")) == (
        "Set <code>a&lt;b&gt;</code> then &lt;script&gt;")


def test_every_failing_finding_is_listed_with_location_and_pointer(report, page):
    findings = page[page.index('<section id="findings">'):]
    failing = failing_results(report)
    assert failing, "the failing example should fail something"
    for _document, result, finding in failing:
        location = str(finding.location)
        assert re.match(r".+:\d+:\d+$", location)
        row = (f'<tr><td class="mono">{location}</td>'
               f'<td class="mono">{finding.pointer or "/"}</td>')
        assert row in findings, (result.control.id, location)


def test_waivers_are_listed_with_approver_and_expiry(report):
    waived, _ = with_waiver(report, expires="2026-12-05")
    stale = Waiver("W-OLD", "PRE-DATA-01", ("legacy-*",), "old exception", "sam@example.com",
                   "SEC-1", "2026-01-31", Location("waivers.yaml", 9, 5))
    waived = replace(waived, waivers=(*waived.waivers,
                                      WaiverState(stale, -299, expired=True, expiring=False,
                                                  uses=0)))
    text = render(waived, RenderOptions())
    section = text[text.index('<section id="waivers">'):]
    for value in ("W-2026-014", "jane.doe@example.com", "SEC-1234", "2026-12-05",
                  "second benchmark not licensed", "(expires in 9 days)", "waivers.yaml:2:5",
                  "W-OLD", "(EXPIRED: no longer applies)", "none (unused)"):
        assert value in section
    assert ">WAIVED<" in text
    assert '<section id="waivers">' not in render(report, RenderOptions())


def test_baselined_failures_are_marked(report):
    text = render(all_baselined(report), RenderOptions())
    assert "Verdict: PASS (exit code 0)" in text
    assert ">FAIL (baseline)<" in text and "baselined: not counted" in text


def test_error_documents_are_shown_as_errors(error_report):
    text = render(error_report, RenderOptions())
    assert "Verdict: ERROR (exit code 2)" in text
    errors = text[text.index('<section id="errors">'):]
    broken = next(d for d in error_report.documents if d.errors)
    assert f"{broken.path}:3:" in errors
    run_errors = text[text.index("<h3>Run errors</h3>"):text.index('<section id="matrix">')]
    assert "missing.yaml" in run_errors
    assert '<td class="status error">ERROR</td>' in text


# --- verified artifacts (check --verify) ----------------------------------------------

_ARTIFACT_ROW = re.compile(
    r'<tr>\s*<td class="mono">([^<]+)</td>\s*<td>[^<]+</td>\s*<td class="mono">([^<]+)</td>\s*'
    r'<td class="mono">([^<]+)</td>\s*<td class="mono">([^<]+)</td>\s*'
    r'<td class="digest (\w+)">([^<]+)</td>')


def _artifact_rows(text: str) -> dict[str, tuple[str, ...]]:
    """pointer → (uri, declared, actual, cell class, label) from the Artifacts section."""
    section = text[text.index('<section id="artifacts">'):text.index('<section id="parameters">')]
    return {m[1]: m.groups()[1:] for m in _ARTIFACT_ROW.finditer(section)}


def test_artifacts_are_marked_verified_or_declared_only(verified):
    text = render(verified, RenderOptions())
    rows = _artifact_rows(text)
    (document,) = verified.documents
    assert set(rows) == {a.pointer for a in document.artifacts}
    reasons = {DigestStatus.MISMATCH: ("failed", "DECLARED ONLY — mismatch"),
               DigestStatus.REMOTE: ("declared", "DECLARED ONLY — remote (not verifiable here)")}
    for artifact in document.artifacts:
        uri, declared, actual, css, label = rows[artifact.pointer]
        assert uri == artifact.uri
        assert declared == artifact.declared_sha256
        assert actual == (artifact.actual_sha256 or "— (not hashed)")
        if artifact.status is DigestStatus.VERIFIED:
            assert (css, label) == ("verified", "VERIFIED")
        else:
            assert (css, label) == reasons[artifact.status]
    assert ("<li><span class=\"mono\">unsafe.bin</span>: pickle <span class=\"warn\">(executes "
            "code on load)</span>; dangerous imports: <span class=\"mono\">posix.system</span>"
            "</li>") in text
    assert "<li><span class=\"mono\">adapter.safetensors</span>: safetensors</li>" in text
    assert_self_contained(text)


def test_run_identity_says_whether_verification_ran(verified, page):
    (document,) = verified.documents
    checked = sum(a.status is DigestStatus.VERIFIED for a in document.artifacts)
    run = render(verified, RenderOptions())
    run = run[run.index('<section id="run">'):run.index('<section id="documents">')]
    assert (f"<dt>Artifact verification</dt><dd>ran (--verify): {len(document.artifacts)} "
            f"artifacts in 1 document, {checked} digests verified here, "
            f"{len(document.artifacts) - checked} declared only") in run
    assert "Artifact verification" not in page and '<section id="artifacts">' not in page


def test_artifact_markup_is_escaped(hostile_verified):
    text = render(hostile_verified, RenderOptions())
    assert ARTIFACT_SCRIPT not in text and ARTIFACT_ONERROR not in text
    assert "s3://ml-data/&lt;script&gt;alert(1)&lt;/script&gt;.jsonl" in text  # URI
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.bin" in text  # file name
    assert "modelscan critical: &lt;script&gt;alert(1)&lt;/script&gt;" in text  # scanner
    assert "<img" not in text and "<script" not in text.lower()
    assert_self_contained(text)


# --- hostile descriptors --------------------------------------------------------------


def _hostile_report(catalog, directory: Path, beacon: str) -> Report:
    """A report whose descriptor text, file name and waiver carry markup payloads.

    Payloads reach the page through finding messages (dataset names without a
    digest fail PRE-DATA-01), a schema error quoting a bad job name, the file
    name itself, and the waiver's free-text fields. `beacon` is a URL whose
    fetch would betray an escape.
    """
    payloads = [
        SCRIPT,
        ONERROR,
        f"<script>fetch('{beacon}/script')</script>",
        f"<img src=x onerror=\"fetch('{beacon}/onerror')\">",
        f'<img src="{beacon}/img">',
        f'<link rel="stylesheet" href="{beacon}/css">',
        f"<style>@import url({beacon}/import);</style>",
    ]
    descriptor = yaml.safe_load((EXAMPLES / "minimal-low.yaml").read_text())
    descriptor["metadata"]["intended_use"] = SCRIPT
    descriptor["metadata"]["labels"] = {"team": ONERROR}
    template = descriptor["datasets"][0]
    del template["sha256"]
    descriptor["datasets"] = [{**template, "name": payload} for payload in payloads]
    (directory / "hostile.yaml").write_text(yaml.safe_dump(descriptor, sort_keys=False))
    broken = yaml.safe_load((EXAMPLES / "minimal-low.yaml").read_text())
    broken["metadata"]["name"] = SCRIPT
    (directory / f"x{ONERROR}.yaml").write_text(yaml.safe_dump(broken, sort_keys=False))
    report = run_check(catalog, CheckOptions(paths=(str(directory),), as_of=AS_OF))
    return with_waiver(report, id=SCRIPT, justification=ONERROR, approved_by=SCRIPT,
                       ticket=ONERROR)[0]


def test_descriptor_markup_is_escaped(catalog, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    text = render(_hostile_report(catalog, source, "http://127.0.0.1:9"), RenderOptions())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the payload reached the page
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert SCRIPT not in text and ONERROR not in text
    assert "<img" not in text and "<link" not in text and "<script" not in text.lower()
    assert_self_contained(text)


# --- a real browser -------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; CI must install it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless chromium run without sandbox, background traffic or profile reuse.

    A page that hangs (a script blocked on a dialog) fails the test rather than the run.
    """
    try:
        return subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish within {BROWSER_TIMEOUT}s: did a script run?")


@pytest.fixture
def beacon() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server recording every request: any hit means the page fetched something."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_browser_renders_without_running_or_fetching_anything(catalog, tmp_path, beacon):
    chromium = _chromium()
    url, hits = beacon
    source = tmp_path / "in"
    source.mkdir()
    report = _hostile_report(catalog, source, url)
    page_file = tmp_path / "report.html"
    page_file.write_text(render(report, RenderOptions()), encoding="utf-8")
    title = _Page(page_file.read_text(encoding="utf-8")).title

    result = _browse(chromium, tmp_path / "profile", "--virtual-time-budget=2000",
                     "--dump-dom", page_file.as_uri())
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Verdict: ERROR (exit code 2)" in dom  # it rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # payloads are text
    assert "<script" not in dom.lower() and "<img" not in dom and "<link" not in dom
    assert _Page(dom).title == title  # no script rewrote the page
    assert hits == []  # nothing was fetched

    pdf = tmp_path / "report.pdf"
    printed = _browse(chromium, tmp_path / "profile", "--no-pdf-header-footer",
                      f"--print-to-pdf={pdf}", page_file.as_uri())
    assert printed.returncode == 0, printed.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert hits == []


def test_browser_runs_no_artifact_markup(hostile_verified, tmp_path):
    chromium = _chromium()
    page_file = tmp_path / "report.html"
    page_file.write_text(render(hostile_verified, RenderOptions()), encoding="utf-8")
    title = _Page(page_file.read_text(encoding="utf-8")).title
    result = _browse(chromium, tmp_path / "profile", "--virtual-time-budget=2000",
                     "--dump-dom", page_file.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "DECLARED ONLY — remote (not verifiable here)" in dom  # it rendered
    assert "s3://ml-data/&lt;script&gt;alert(1)&lt;/script&gt;.jsonl" in dom
    assert "<script" not in dom.lower() and "<img" not in dom
    assert _Page(dom).title == title
