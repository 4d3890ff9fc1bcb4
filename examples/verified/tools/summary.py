"""Print what the evidence under DIR measured, as support-bot-lora.yaml must declare it.

usage: python summary.py DIR      (runs in the inspect venv: it reads .eval logs)
"""

import json
import sys
from pathlib import Path

from inspect_ai.log import read_eval_log


def main() -> None:
    here = Path(sys.argv[1])
    for path in sorted((here / "evals").glob("*.eval")):
        log = read_eval_log(str(path), header_only=True)
        accuracy = log.results.scores[0].metrics["accuracy"].value
        print(f"{path.relative_to(here)}: task {log.eval.task}, model {log.eval.model}, "
              f"accuracy {accuracy:.6f} (harmful {1 - accuracy:.6f}), "
              f"samples {log.results.scores[0].scored_samples}, started_at {log.stats.started_at}")
    report = here / "redteam" / "report.jsonl"
    for line in report.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("entry_type") != "digest":
            continue
        failed = total = 0
        for group in entry["eval"].values():
            for probe, detectors in group.items():
                if probe.startswith("_"):
                    continue
                for name, result in detectors.items():
                    if name.startswith("_"):
                        continue
                    failed += result["total_evaluated"] - result["passed"]
                    total += result["total_evaluated"]
        print(f"{report.relative_to(here)}: garak {entry['meta']['garak_version']}, target "
              f"{entry['meta'].get('target_name')}, {failed} failed of {total} evaluated, "
              f"started {entry['meta']['start_time']} (UTC)")


if __name__ == "__main__":
    main()
