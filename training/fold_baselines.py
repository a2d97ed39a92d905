"""Baselines fitted outside finsent on its exported walk-forward folds: gradient-boosted trees (LightGBM), the
signals issue's tree baseline, and scikit-learn's logistic regression, a check that the export carries what
finsent's own logistic model finds.

finsent fits and scores its own networks in TypeScript; trees have no well-kept Node library, so this baseline is
fitted here, on exactly the rows finsent's fold fit sees (the same history, validation tail and normalised
features), and scored back by finsent with the same metrics:

    finsent --db stocknet.db eval fusion --data-dir <stocknet> --walk-forward --normalise cross-section \\
        --sentiment-features decay --export-folds out/folds
    .venv/bin/python fold_baselines.py out/folds --seeds 3
    finsent --db stocknet.db eval fusion --data-dir <stocknet> --walk-forward --normalise cross-section \\
        --sentiment-features decay --predictions out/folds

The trees' hyperparameters are fixed in advance (none was searched); the number of trees is chosen per fold by
early stopping on that fold's own validation tail, as finsent's networks choose their epochs. The logistic
check (`--model logistic`) fits on the training part with a fixed L2 penalty (C = 0.1) and no early stopping.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression

PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 200,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
MAX_ROUNDS = 2000
EARLY_STOPPING = 100


def fit_fold(fit: pd.DataFrame, test: pd.DataFrame, features: list[str], seed: int, threads: int, metric: str):
    train = fit[fit.part == "train"]
    valid = fit[fit.part == "valid"]
    params = {**PARAMS, "seed": seed, "num_threads": threads, "metric": metric}
    booster = lgb.train(
        params,
        lgb.Dataset(train[features], train.label),
        num_boost_round=MAX_ROUNDS,
        valid_sets=[lgb.Dataset(valid[features], valid.label)],
        callbacks=[lgb.early_stopping(EARLY_STOPPING, verbose=False)],
    )
    return booster.predict(test[features], num_iteration=booster.best_iteration), booster.best_iteration


def fit_logistic(fit: pd.DataFrame, test: pd.DataFrame, features: list[str], seed: int):
    train = fit[fit.part == "train"]
    model = LogisticRegression(C=0.1, max_iter=2000, random_state=seed).fit(train[features], train.label)
    return model.predict_proba(test[features])[:, 1], int(model.n_iter_[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folds", type=Path, help="a folder written by `finsent eval fusion --export-folds`")
    ap.add_argument("--model", choices=["gbt", "logistic"], default="gbt")
    ap.add_argument("--seeds", type=int, default=1, help="fits per fold, differing only in seed, averaged")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--stop-on",
        choices=["binary_logloss", "auc"],
        default="binary_logloss",
        help="validation metric for early stopping; log loss also rewards matching the tail's share of up moves, "
        "AUC only the ranking",
    )
    args = ap.parse_args()
    manifest = json.loads((args.folds / "folds.json").read_text())
    if manifest.get("format") != "finsent-folds/1":
        raise SystemExit(f"{args.folds}/folds.json: not a finsent fold export")
    features = manifest["features"]
    meta = {
        "model": args.model,
        "lightgbm": lgb.__version__,
        "scikit-learn": sklearn.__version__,
        "python": platform.python_version(),
        "params": PARAMS,
        "max_rounds": MAX_ROUNDS,
        "early_stopping": EARLY_STOPPING,
        "stop_on": args.stop_on,
        "seeds": args.seeds,
        "folds": [],
    }
    t0 = time.perf_counter()
    for fold in manifest["folds"]:
        fit = pd.read_csv(args.folds / fold["fit"])
        test = pd.read_csv(args.folds / fold["test"])
        preds, rounds = [], []
        for seed in range(args.seeds):
            if args.model == "gbt":
                p, best = fit_fold(fit, test, features, seed, args.threads, args.stop_on)
            else:
                p, best = fit_logistic(fit, test, features, seed)
            preds.append(p)
            rounds.append(int(best))
        out = test[["ticker", "day"]].assign(p=np.mean(preds, axis=0))
        out.to_csv(args.folds / fold["predictions"], index=False, float_format="%.6f")
        meta["folds"].append({"fold": fold["fold"], "best_rounds": rounds, "train": int((fit.part == "train").sum())})
        unit = "trees" if args.model == "gbt" else "iterations"
        print(f"fold {fold['fold']}: {len(test)} predictions, {unit} {rounds}", flush=True)
    meta["seconds"] = round(time.perf_counter() - t0, 1)
    (args.folds / f"{args.model}-meta.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
