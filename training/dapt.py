"""Domain-adaptive pretraining (Gururangan et al. 2020) of the student's base before distillation.

FinBERT's edge over a general encoder comes from pretraining on financial text. This continues the masked-language
objective of all-MiniLM-L6-v2 on the in-domain text finsent may train on: every StockNet tweet dated before
2015-08-01, the r/wallstreetbets posts, the feed fixture titles (all from unlabelled.py) and the texts of the
labelled training rows (their labels unused). Validation and test texts are never read: build_data's validation
rows are left out, and unlabelled.py keeps out the StockNet dev/test period, FPB test, TFNS sent_valid.csv and
the SemEval test files. The result is an HF folder for `distill.py --base`.

Example:
    python dapt.py --data ../../shared/data --out out/minilm-dapt --epochs 1 --bf16
"""
from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import torch
from transformers import (AutoTokenizer, BertForMaskedLM, BertModel, DataCollatorForLanguageModeling,
                          get_linear_schedule_with_warmup)

import train as T
from unlabelled import unlabelled_texts


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True, help="folder holding the shared datasets")
    p.add_argument("--base", type=Path, default=T.BASE, help="encoder to adapt (default: all-MiniLM-L6-v2)")
    p.add_argument("--out", type=Path, default=Path("out/minilm-dapt"))
    p.add_argument("--fixtures", type=Path, default=Path(__file__).parent.parent / "fixtures" / "feeds")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--mask-prob", type=float, default=0.15)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast for the training steps")
    return p.parse_args()


def masked_loss(model: BertForMaskedLM, batch) -> torch.Tensor:
    """Cross-entropy at the masked positions only: the 30,522-word output layer is most of a step's cost, and
    BertForMaskedLM would apply it to every position."""
    hidden = model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    masked = batch["labels"] != -100
    logits = model.cls(hidden[masked]).float()
    return torch.nn.functional.cross_entropy(logits, batch["labels"][masked])


def main():
    a = parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    train, _valid, _split, hashes = T.build_data(a.data, {"fpb", "tfns", "semeval", "fiqa"}, 1)
    labelled = sorted({t for t, _ in train})
    pools = unlabelled_texts(a.data, a.fixtures, 10**9, a.seed, exclude=set(labelled))
    texts = labelled + [t for v in pools.values() for t in v]
    tok = AutoTokenizer.from_pretrained(str(a.base))
    enc = tok(texts, truncation=True, max_length=a.max_len)["input_ids"]
    print(json.dumps({"event": "data", "labelled_texts": len(labelled),
                      "unlabelled": {k: len(v) for k, v in pools.items()}}), flush=True)
    model = BertForMaskedLM.from_pretrained(str(a.base))
    collator = DataCollatorForLanguageModeling(tok, mlm_probability=a.mask_prob)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    steps = a.epochs * math.ceil(len(enc) / a.batch_size)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * steps), steps)
    rows = [(e, 0) for e in enc]
    rng, t0, history = random.Random(a.seed), time.time(), []
    model.train()
    for epoch in range(1, a.epochs + 1):
        total, n = 0.0, 0
        # Length-bucketed, as in fine-tuning: tweets are short, and padding them to a long post's width would
        # triple a step's cost.
        for idx in T.batches(rows, a.batch_size, True, rng):
            batch = collator([{"input_ids": enc[i]} for i in idx])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                loss = masked_loss(model, batch)
            total += T.optimiser_step(model, loss, opt, sched)
            n += 1
            if n % 100 == 0:
                print(json.dumps({"event": "step", "epoch": epoch, "step": n, "of": math.ceil(len(enc) / a.batch_size),
                                  "mlm_loss": round(total / n, 4), "elapsed_s": round(time.time() - t0)}), flush=True)
        history.append({"epoch": epoch, "mlm_loss": total / n, "elapsed_s": time.time() - t0})
    # The encoder alone, with the base's own pooler (the masked-LM model has none, and the classification head
    # distill.py puts on reads it): the same layout as the original base.
    encoder = BertModel.from_pretrained(str(a.base))
    missing = encoder.load_state_dict(model.bert.state_dict(), strict=False).missing_keys
    assert all(k.startswith("pooler.") for k in missing), missing
    encoder.save_pretrained(str(a.out))
    tok.save_pretrained(str(a.out))
    meta = {"method": "masked-language-model continued pretraining (domain-adaptive)", "base": str(a.base),
            "texts": len(texts), "labelled_texts": len(labelled),
            "unlabelled": {k: len(v) for k, v in pools.items()}, "history": history,
            "args": {k: str(v) for k, v in vars(a).items()}, "data_sha256": hashes,
            "torch": torch.__version__}
    (a.out / "dapt_meta.json").write_text(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
