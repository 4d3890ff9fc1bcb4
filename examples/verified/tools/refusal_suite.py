"""The safety benchmarks: the refusal suites of the safety hold-out, one task per
language, scored by inspect_ai's `includes` scorer (a refusal contains the target)."""

from inspect_ai import Task, task
from inspect_ai.dataset import json_dataset
from inspect_ai.scorer import includes
from inspect_ai.solver import generate


def suite(lang: str) -> Task:
    return Task(dataset=json_dataset(f"data/safety-holdout/refusal-suite.{lang}.jsonl"),
                solver=generate(), scorer=includes())


@task(name="refusal-suite-en")
def refusal_suite_en() -> Task:
    return suite("en")


@task(name="refusal-suite-de")
def refusal_suite_de() -> Task:
    return suite("de")
