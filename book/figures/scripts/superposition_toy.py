"""Superposition in the ReLU output toy model (after Elhage et al., 2022).

Re-implementation, from scratch in numpy, of the "ReLU output model" of
Elhage et al. (2022), "Toy Models of Superposition" (Transformer Circuits
Thread): n = 5 sparse features are compressed into m = 2 hidden dimensions
and read back out,

    h  = W x                      (W is m x n; column W_i is feature i's direction)
    x' = ReLU(W^T W x + b)

Data: each feature x_i is 0 with probability S (the sparsity) and otherwise
uniform on [0, 1], independently.  Feature importance decays geometrically,
I_i = 0.7**i (i = 0..4), so feature 0 matters most.  The loss is the
importance-weighted squared error, L = E[ sum_i I_i (x_i - x'_i)^2 ].

Training: plain numpy with hand-written gradients and Adam (cosine-decayed
learning rate), fresh random batches every step.  For every sparsity several
randomly initialised models are trained side by side (a batch of independent
"instances", as in the paper) and the one with the lowest loss on a fixed
held-out sample is plotted; the others are local optima of the same problem.

Figure (no title; the caption carries it):
  top row    -- the five columns W_i drawn as arrows in the 2-D hidden space;
  bottom row -- the 5 x 5 matrix W^T W (diagonal: how strongly a feature is
                represented; off-diagonal: interference between features).
At S = 0 only the two most important features get a dimension each
(orthogonal); at intermediate sparsity features are packed as antipodal
pairs; at high sparsity all five are stored in superposition as a pentagon.

Deterministic: all randomness comes from seeded numpy Generators.
Writes ../superposition_toy.png relative to this file.  Runs in about 10 s on one
CPU core.  Requires only numpy and matplotlib.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "superposition_toy.png"

N_FEATURES = 5
N_HIDDEN = 2
SPARSITIES = (0.0, 0.7, 0.9, 0.97, 0.99)
IMPORTANCE = 0.7 ** np.arange(N_FEATURES)  # I_i = 0.7**i
N_RESTARTS = 6  # independent instances per sparsity; the best one is shown
STEPS = 3000
BATCH = 512
LR = 1e-2
SEED = 0

# Okabe-Ito colour-blind-safe palette, one colour per feature.
FEATURE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7")


def sample_features(
    rng: np.random.Generator, shape: tuple[int, ...], keep: np.ndarray
) -> np.ndarray:
    """x_i ~ Uniform[0, 1] with probability 1 - S (``keep``), else 0."""
    x = rng.random(shape)
    x *= rng.random(shape) < keep
    return x


def train(sparsities: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Train one model per entry of ``sparsities`` in parallel; return (W, b).

    W has shape (K, m, n) and b has shape (K, 1, n) for K instances.
    """
    k = len(sparsities)
    w = rng.normal(size=(k, N_HIDDEN, N_FEATURES)) * np.sqrt(2.0 / (N_HIDDEN + N_FEATURES))
    b = np.zeros((k, 1, N_FEATURES))
    keep = (1.0 - sparsities)[:, None, None]
    params = [w, b]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, STEPS + 1):
        x = sample_features(rng, (k, BATCH, N_FEATURES), keep)  # (K, B, n)
        wt = w.transpose(0, 2, 1)  # (K, n, m)
        h = x @ wt  # (K, B, m)    h = W x
        pre = h @ w + b  # (K, B, n)    W^T W x + b
        err = np.maximum(pre, 0.0) - x  # x' - x
        # dL/dpre for L = mean_batch sum_i I_i (x'_i - x_i)^2
        g_pre = (2.0 / BATCH) * IMPORTANCE * err * (pre > 0.0)
        # W appears twice (encoder and decoder): add both contributions.
        g_w = h.transpose(0, 2, 1) @ g_pre + (g_pre @ wt).transpose(0, 2, 1) @ x
        g_b = g_pre.sum(axis=1, keepdims=True)
        lr = LR * (0.05 + 0.95 * 0.5 * (1.0 + np.cos(np.pi * t / STEPS)))  # cosine decay
        for p, g, a, v in zip(params, (g_w, g_b), m1, m2, strict=True):
            a *= beta1
            a += (1.0 - beta1) * g
            v *= beta2
            v += (1.0 - beta2) * g * g
            p -= lr * (a / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
    return w, b


def held_out_loss(w: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    """Importance-weighted reconstruction loss on the held-out sample ``x``."""
    x_hat = np.maximum(x @ w.T @ w + b[0], 0.0)
    return float((IMPORTANCE * (x_hat - x) ** 2).sum(axis=1).mean())


def main() -> None:
    rng = np.random.default_rng(SEED)
    s_all = np.repeat(np.asarray(SPARSITIES), N_RESTARTS)
    w_all, b_all = train(s_all, rng)

    chosen: list[tuple[float, np.ndarray, np.ndarray]] = []
    for j, s in enumerate(SPARSITIES):
        idx = range(j * N_RESTARTS, (j + 1) * N_RESTARTS)
        # One held-out sample shared by all restarts of this sparsity.
        x_test = sample_features(rng, (200_000, N_FEATURES), np.asarray(1.0 - s))
        losses = [held_out_loss(w_all[i], b_all[i], x_test) for i in idx]
        best = list(idx)[int(np.argmin(losses))]
        chosen.append((s, w_all[best], b_all[best]))
        norms = np.linalg.norm(w_all[best], axis=0)
        print(
            f"S={s:<5} best loss={min(losses):.5f}  |W_i|={np.round(norms, 2)}  "
            f"b={np.round(b_all[best][0], 2)}"
        )

    plt.rcParams.update({"font.size": 10, "axes.linewidth": 0.8})
    n_cols = len(SPARSITIES)
    fig, axes = plt.subplots(
        2,
        n_cols,
        figsize=(7.0, 3.75),
        gridspec_kw={"height_ratios": [1.0, 0.82]},
        constrained_layout=True,
    )
    lim = 1.35
    for col, (s, w, _b) in enumerate(chosen):
        ax = axes[0, col]
        ax.axhline(0, color="0.85", lw=0.6, zorder=0)
        ax.axvline(0, color="0.85", lw=0.6, zorder=0)
        # Draw the least important features first so the important ones stay on top.
        for i in reversed(range(N_FEATURES)):
            dx, dy = w[:, i]
            if np.hypot(dx, dy) < 0.05:
                continue
            ax.annotate(
                "",
                xy=(dx, dy),
                xytext=(0, 0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": FEATURE_COLOURS[i],
                    "lw": 2.0,
                    "mutation_scale": 11,
                },
            )
        n_stored = int((np.linalg.norm(w, axis=0) > 0.5).sum())
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"S = {s:g}", fontsize=10, pad=3)
        ax.text(
            0.5,
            0.02,
            f"{n_stored} of 5 stored",
            transform=ax.transAxes,
            ha="center",
            va="bottom",
            fontsize=8.5,
        )
        if col == 0:
            ax.set_ylabel("hidden dim 2", fontsize=9)
        ax.set_xlabel("hidden dim 1", fontsize=9, labelpad=1)

        ax2 = axes[1, col]
        gram = w.T @ w
        im = ax2.imshow(gram, cmap="RdBu_r", vmin=-1.3, vmax=1.3)
        ticks = range(N_FEATURES)
        ax2.set_xticks(ticks, [str(i) for i in ticks], fontsize=8)
        ax2.set_yticks(ticks, [str(i) for i in ticks] if col == 0 else [], fontsize=8)
        ax2.tick_params(length=0, pad=1.5)
        for i, c in enumerate(FEATURE_COLOURS):
            ax2.add_patch(plt.Rectangle((i - 0.5, -0.9), 1.0, 0.32, color=c, clip_on=False))
        ax2.set_xlabel("feature $j$", fontsize=9, labelpad=5)
        if col == 0:
            ax2.set_ylabel(r"$W^{\top}W$" + "\nfeature $i$", fontsize=9)

    cbar = fig.colorbar(im, ax=axes[1, :], shrink=0.9, aspect=12, pad=0.01)
    cbar.ax.tick_params(labelsize=8)

    handles = [
        plt.Line2D([], [], color=c, lw=2.5, label=f"{i}: $I$={IMPORTANCE[i]:.2f}")
        for i, c in enumerate(FEATURE_COLOURS)
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=5,
        fontsize=8.5,
        frameon=False,
        title="feature $i$ and importance $I_i = 0.7^i$",
        title_fontsize=8.5,
        handlelength=1.4,
        columnspacing=1.2,
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, dpi=200, metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
