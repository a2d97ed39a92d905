#!/usr/bin/env bash
# Train, export, write reference outputs and evaluate the shipped sentiment model.
# Usage: training/run_all.sh [DATA_DIR] [extra train.py args...]   (DATA_DIR defaults to ../shared/data)
set -euo pipefail
cd "$(dirname "$0")"
DATA="${1:-../../shared/data}"; shift || true
PY=.venv/bin/python
$PY train.py --data "$DATA" --out out/hf "$@"
$PY export.py --checkpoint out/hf --out ../models/finsent-minilm-sentiment --data "$DATA"
$PY reference.py --checkpoint out/hf --model ../models/finsent-minilm-sentiment --data "$DATA" --out ../test/fixtures/model-reference.json
$PY evaluate.py --model ../models/finsent-minilm-sentiment --data "$DATA" --out ../models/finsent-minilm-sentiment/eval-python.json
mkdir -p splits && $PY -c "
import json, data as D, pathlib
rows = D.read_fpb(pathlib.Path('$DATA')/'financial-phrasebank'/'Sentences_50Agree.txt')
s = D.fpb_split(len(rows))
json.dump({'source': 'Sentences_50Agree.txt', 'protocol': 'ProsusAI/finBERT scripts/datasets.py: train_test_split(test_size=0.2, random_state=0), then 0.1 of train for validation', 'rows': len(rows),
           **{k: [{'row': i, 'sha256_16': D.text_hash(rows[i][0])} for i in v] for k, v in s.items()}}, open('splits/fpb-50agree-finbert.json', 'w'))
"
