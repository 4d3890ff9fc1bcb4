#!/usr/bin/env bash
# Regenerate the verified example's artifacts and evidence by running the real tools,
# offline, each in its own throwaway environment under $WORK (never the project's venv).
# Installs need PyPI; the runs need no network. See README.md (what each file is, the
# tool versions, what to update in support-bot-lora.yaml afterwards).
#
#   examples/verified/make_evidence.sh [artifacts] [sign] [inspect] [garak]
#
# artifacts  base-model/, adapter/, data/ (deterministic: the same bytes every run)
# sign       new vendor and signer keys; base-model.sig and adapter.sig (model-signing)
# inspect    evals/*.eval: the refusal suites on the base and the tuned model (inspect_ai)
# garak      redteam/report.jsonl: the red team of the tuned model (garak)
#
# Environment: PYTHON (a Python >= 3.11 for the tool venvs, default python3.12),
# WORK (default /tmp/ftcomply-verified-example; delete it to start from scratch).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOLS="$HERE/tools"
WORK=${WORK:-/tmp/ftcomply-verified-example}
PYTHON=${PYTHON:-python3.12}
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(artifacts sign inspect garak)

# No tool may reach out: hubs, telemetry and update checks are off.
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
export DO_NOT_TRACK=1 INSPECT_DISPLAY=plain
export TZ=UTC  # garak records its local time without an offset

mkdir -p "$WORK"

venv() {  # venv NAME: a venv with exactly the pinned packages of tools/requirements/NAME.txt
  local dir="$WORK/venv-$1"
  if [ ! -x "$dir/bin/python" ]; then
    "$PYTHON" -m venv "$dir"
    "$dir/bin/pip" install --quiet --upgrade pip
    "$dir/bin/pip" install --quiet --no-deps -r "$TOOLS/requirements/$1.txt"
  fi
  echo "$dir"
}

make_artifacts() {
  "$(venv model-signing)/bin/python" "$TOOLS/make_artifacts.py" artifacts "$HERE"
}

sign() {
  local env keys="$WORK/keys" tampered="$WORK/tampered"
  env=$(venv model-signing)
  # New keys every run: the vendor's (signs its base model release) and the platform
  # team's (signs the adapters it ships). The private keys stay in $WORK.
  rm -rf "$keys" && mkdir -p "$keys" "$HERE/keys"
  "$env/bin/python" "$TOOLS/make_artifacts.py" key "$keys" vendor
  "$env/bin/python" "$TOOLS/make_artifacts.py" key "$keys" signer
  cp "$keys/vendor.pub.pem" "$keys/signer.pub.pem" "$HERE/keys/"
  (cd "$HERE" && \
   "$env/bin/model_signing" sign key base-model --private_key "$keys/vendor.key.pem" \
       --signature base-model.sig && \
   "$env/bin/model_signing" verify key base-model --public_key keys/vendor.pub.pem \
       --signature base-model.sig && \
   "$env/bin/model_signing" sign key adapter --private_key "$keys/signer.key.pem" \
       --signature adapter.sig && \
   "$env/bin/model_signing" verify key adapter --public_key keys/signer.pub.pem \
       --signature adapter.sig)
  # The signature must not hold for a changed adapter.
  rm -rf "$tampered" && mkdir -p "$tampered" && cp -R "$HERE/adapter" "$tampered/adapter"
  "$env/bin/python" - "$tampered/adapter/adapter_model.safetensors" <<'EOF'
import sys
from pathlib import Path
path = Path(sys.argv[1]); data = bytearray(path.read_bytes()); data[-1] ^= 0x01
path.write_bytes(bytes(data))
EOF
  if (cd "$tampered" && "$env/bin/model_signing" verify key adapter \
        --public_key "$HERE/keys/signer.pub.pem" --signature "$HERE/adapter.sig" >/dev/null 2>&1); then
    echo "model-signing verified a tampered adapter" >&2; exit 1
  fi
}

run_inspect() {
  local env run="$WORK/inspect" lang model
  env=$(venv inspect)
  rm -rf "$run" && mkdir -p "$run/data" "$HERE/evals"
  cp "$TOOLS"/mock_models.py "$TOOLS"/refusal_suite.py "$TOOLS"/run_inspect.py "$run/"
  cp -R "$HERE/data/safety-holdout" "$run/data/"
  rm -f "$HERE"/evals/*.eval
  for lang in en de; do
    for model in base tuned; do
      (cd "$run" && "$env/bin/python" run_inspect.py "$lang" "$model" "logs-$lang-$model")
      cp "$run"/logs-"$lang-$model"/*.eval "$HERE/evals/refusal-suite-$lang.$model.eval"
    done
  done
}

run_garak() {
  local env run="$WORK/garak"
  env=$(venv garak)
  rm -rf "$run" && mkdir -p "$run/data" "$HERE/redteam"
  cp "$TOOLS"/mock_models.py "$TOOLS"/support_bot_lora.py "$run/"
  cp -R "$HERE/data/safety-holdout" "$run/data/"
  # The target is the tuned model behind garak's function generator (support_bot_lora.py).
  (cd "$run" && PYTHONPATH="$run" XDG_DATA_HOME="$run/xdg/data" \
      XDG_CONFIG_HOME="$run/xdg/config" XDG_CACHE_HOME="$run/xdg/cache" \
      "$env/bin/python" -m garak --target_type function \
      --target_name support_bot_lora#generate \
      --probes dan.Dan_11_0,dan.DUDE,lmrc.QuackMedicine --generations 2 --seed 42 \
      --report_prefix redteam)
  cp "$run/xdg/data/garak/garak_runs/redteam.report.jsonl" "$HERE/redteam/report.jsonl"
}

summary() {  # what support-bot-lora.yaml must say about these files
  local dir
  echo "== digests (docs/evidence.md: a directory's manifest digest; a file's sha256)"
  for dir in base-model adapter data/safety-holdout; do
    printf '%s  %s/\n' "$(cd "$HERE/$dir" && find -L . -type f -printf '%P\0' \
        | LC_ALL=C sort -z | xargs -0 -r sha256sum -- | sha256sum | cut -d' ' -f1)" "$dir"
  done
  (cd "$HERE" && sha256sum data/support-tickets.jsonl)
  echo "== measured (harmful = 1 - accuracy), run times, red-team failures"
  "$(venv inspect)/bin/python" "$TOOLS/summary.py" "$HERE"
}

for step in "${STEPS[@]}"; do
  case "$step" in
    artifacts) make_artifacts ;;
    sign) sign ;;
    inspect) run_inspect ;;
    garak) run_garak ;;
    *) echo "unknown step: $step" >&2; exit 2 ;;
  esac
done
summary
