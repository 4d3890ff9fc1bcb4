"""Where the time of one `ftcomply check` goes, stage by stage, in one process.

    python bench/stages.py DIR [--as-of DATETIME] [--output FILE]

Runs the pipeline of `ftcomply check DIR --format json --output FILE --jobs 1` with
ftcomply's own modules and times each stage:

- import: importing ftcomply's pipeline modules;
- setup: loading the catalog and building a `runner.Checker` (schema compiled,
  policies compiled into the engine);
- collect: finding the files (`runner.collect_inputs`);
- read: `loader.read_source`;
- load: `loader.load_documents` (libyaml composes, then ftcomply builds the data and
  the pointer → line map); `load.compose` is a second, separate pass that only
  composes the same texts with libyaml (before the pipeline runs), to split the load
  stage;
- schema: `SchemaValidator.errors` (through `Checker.check_document`);
- policies.engine: the engine query of `evaluate_document`;
- policies.results: the rest of `Checker.check_document`: turning verdicts into
  control results and findings with line numbers, waivers, baseline;
- report.build, report.render, report.write: the Report, `output.renderer("json")`,
  writing the file.

Schema and engine are timed through thin wrappers around the checker's own objects,
so the code path is `Checker.check_document`'s. Prints JSON: seconds per stage,
files, documents.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

AS_OF = "2026-11-26T00:00:00Z"


class _Timed:
    """Delegates to `target`, adding the time spent in `method` to `seconds`."""

    def __init__(self, target: Any, method: str) -> None:
        self._target = target
        self._method = method
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name != self._method:
            return value

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--output", type=Path, default=Path("/dev/null"))
    args = parser.parse_args(argv)
    seconds: dict[str, float] = {}
    clock = time.perf_counter

    start = clock()
    import yaml

    from ftcomply.catalog import load_catalog
    from ftcomply.loader import load_documents, read_source
    from ftcomply.models import Report
    from ftcomply.output import RenderOptions, renderer
    from ftcomply.pipeline import Checker, CheckOptions, collect_inputs
    from ftcomply.waivers import waiver_states
    seconds["import"] = clock() - start

    start = clock()
    catalog = load_catalog()
    options = CheckOptions(paths=(args.directory,), as_of=args.as_of)
    checker = Checker(catalog, options)
    schema = checker.schema = _Timed(checker.schema, "errors")  # type: ignore[assignment]
    engine = checker.engine = _Timed(checker.engine, "evaluate")  # type: ignore[assignment]
    seconds["setup"] = clock() - start

    start = clock()
    files, errors = collect_inputs(options.paths)
    seconds["collect"] = clock() - start

    # The libyaml share of `load`, measured apart and first, while few objects are alive
    # (the garbage collector's passes grow with them).
    texts = [read_source(file.path)[1].decode("utf-8-sig") for file in files]
    start = clock()
    for text in texts:
        for _ in yaml.compose_all(text, Loader=yaml.CSafeLoader):
            pass
    seconds["load.compose"] = clock() - start
    del texts

    read = load = check = 0.0
    documents = []
    for file in files:
        mark = clock()
        name, raw = read_source(file.path)
        read += clock() - mark
        mark = clock()
        loaded = load_documents(name, raw)
        load += clock() - mark
        mark = clock()
        documents.extend(checker.check_document(document) for document in loaded)
        check += clock() - mark
    seconds["read"] = read
    seconds["load"] = load
    seconds["schema"] = schema.seconds
    seconds["policies.engine"] = engine.seconds
    seconds["policies.results"] = check - schema.seconds - engine.seconds

    start = clock()
    report = Report(checker.run_info(), catalog.controls, tuple(documents), tuple(errors))
    report = dataclasses.replace(report, waivers=waiver_states(report, options.waivers))
    seconds["report.build"] = clock() - start
    start = clock()
    text = renderer("json")(report, RenderOptions())
    seconds["report.render"] = clock() - start
    start = clock()
    args.output.write_text(text, encoding="utf-8")
    seconds["report.write"] = clock() - start

    json.dump({"seconds": seconds, "files": len(files), "documents": len(documents),
               "report_bytes": len(text.encode())}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
