"""Denoising and noising on a three-component toy circuit, with an AND gate and an OR gate.

Nothing here is trained.  A toy "model" has two components A and B whose outputs feed a
third component C, and C alone reaches the output: C = gate(A, B).  On the clean input A and B
are both on (1); on the corrupted input both are off (0).  The gate is a steep sigmoid,

    AND:  C = sigmoid(k (A + B - 1.5))      (on only when both inputs are on)
    OR:   C = sigmoid(k (A + B - 0.5))      (on when either input is on)

with k = 10, and the metric is C itself.  For each component we run the two patching
experiments of Heimersheim and Nanda (2024), "How to use and interpret activation patching",
sec. 2.3-2.4:

    denoising  run the corrupted input, give one component its clean value, and report the
               fraction of the clean-minus-corrupted metric that is restored;
    noising    run the clean input, give one component its corrupted value, and report the
               fraction of the clean-minus-corrupted metric that is destroyed.

Patching C sets the output directly.  With an AND gate, denoising A or B alone restores almost
nothing (the other input is still off) while noising either destroys almost everything; with
an OR gate it is the other way round.  This is the asymmetry the paper describes.

Deterministic; writes ../patching_directions.png (relative to this file).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

K = 10.0
THRESHOLDS = {"AND gate: C = A and B": 1.5, "OR gate: C = A or B": 0.5}
COMPONENTS = ("A", "B", "C")


def sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def run(a: float, b: float, threshold: float, c: float | None = None) -> float:
    """The metric: C, computed from A and B unless C itself is patched."""
    return sigmoid(K * (a + b - threshold)) if c is None else c


def effects(threshold: float) -> tuple[list[float], list[float]]:
    clean = {"A": 1.0, "B": 1.0}
    corrupt = {"A": 0.0, "B": 0.0}
    m_clean = run(1.0, 1.0, threshold)
    m_corrupt = run(0.0, 0.0, threshold)
    span = m_clean - m_corrupt
    restored, destroyed = [], []
    for name in COMPONENTS:
        if name == "C":
            denoised = run(0.0, 0.0, threshold, c=m_clean)
            noised = run(1.0, 1.0, threshold, c=m_corrupt)
        else:
            d = dict(corrupt, **{name: clean[name]})
            n = dict(clean, **{name: corrupt[name]})
            denoised = run(d["A"], d["B"], threshold)
            noised = run(n["A"], n["B"], threshold)
        restored.append((denoised - m_corrupt) / span)
        destroyed.append((m_clean - noised) / span)
    return restored, destroyed


def main() -> None:
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.2), sharey=True)
    x = np.arange(len(COMPONENTS))
    width = 0.38
    for ax, (title, threshold) in zip(axes, THRESHOLDS.items(), strict=True):
        restored, destroyed = effects(threshold)
        ax.bar(x - width / 2, restored, width, label="denoising: share restored", color="#4c72b0")
        ax.bar(x + width / 2, destroyed, width, label="noising: share destroyed", color="#dd8452")
        ax.set_xticks(x, [f"patch {c}" for c in COMPONENTS])
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("share of the clean-corrupted gap")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    out = Path(__file__).resolve().parent.parent / "patching_directions.png"
    fig.savefig(out, dpi=150, bbox_inches="tight")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
