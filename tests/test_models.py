"""Rules that live on the result dataclasses."""

from __future__ import annotations

import dataclasses

from ftcomply.models import ControlResult


def test_plain_key_covers_every_field_of_a_result():
    # Plain results are shared and cached by plain_key (runner and JSON report): a field
    # added to ControlResult without a place in the key would merge distinct results.
    fields = {f.name for f in dataclasses.fields(ControlResult)}
    in_key = {"control", "status", "raw_status", "reason", "evidence_level"}
    makes_it_not_plain = {"findings", "waiver", "baselined"}
    assert fields == in_key | makes_it_not_plain, (
        "update ControlResult.plain_key and this test for the new field")
