"""How far int8 logits are from the trained model's PyTorch fp32 logits: the measure the parity tests bound."""
from __future__ import annotations

import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def drift(got: np.ndarray, pytorch: np.ndarray) -> dict:
    """Largest logit gap, largest and mean per-row probability gap, and label agreement, row by row."""
    prob = np.abs(softmax(got) - softmax(pytorch)).max(-1)
    agreement = float((got.argmax(-1) == pytorch.argmax(-1)).mean())
    return {"max_abs_logit_diff": float(np.abs(got - pytorch).max()), "max_prob_diff": float(prob.max()),
            "mean_prob_diff": float(prob.mean()), "argmax_agreement": agreement}
