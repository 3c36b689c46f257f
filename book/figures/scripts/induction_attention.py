"""Attention patterns of a hand-built induction circuit on a repeated random sequence.

Nothing here is trained: a two-layer, attention-only transformer is wired by
hand in numpy so that it implements the induction mechanism of Elhage et al.
(2021), "A Mathematical Framework for Transformer Circuits", and Olsson et al.
(2022), "In-context Learning and Induction Heads".  We then run it on
[BOS] + 25 random tokens + the same 25 tokens again and plot the attention
pattern of its two heads.

Construction
------------
Residual stream (d_model = 3 * 64 + 2), written as a direct sum of subspaces:

    TOK  (64 dims)  token embedding E[t]: random Gaussian vectors, scaled so
                    |E[t]| ~ 1.  With a 1000-token vocabulary in 64 dims they
                    cannot be orthogonal, only near-orthogonal (|E[a].E[b]|
                    is about 1/8 for a != b): the circuit has to cope with
                    that interference, as a real model does.
    POS  (64 dims)  positional embedding P[p]: random Gaussian, near-orthogonal
                    in the same way.
    PREV (64 dims)  empty at the input; layer 0 writes into it.
    CONST (1 dim)   1 at every position (plays the role of a bias).
    BOS   (1 dim)   1 only at the beginning-of-sequence token.

Layer 0, previous-token head.
    QK: the query at position p reads P[p], the key at position j reads P[j];
        W_QK = beta0 * sum_r P[r] P[r-1]^T, so the score is ~beta0 when
        j = p - 1 and ~0 (plus interference) otherwise.
    OV: copies the attended position's token embedding from TOK into PREV
        (an identity map TOK -> PREV).  After layer 0, position p therefore
        holds E[t_{p-1}] in PREV: "the token before me was t_{p-1}".

Layer 1, induction head (K-composition).
    QK: query = current token, read from TOK; key = previous-token
        information, read from PREV (which exists only because of layer 0:
        this is K-composition).  The score is beta1 * E[t_p] . E[t_{j-1}],
        large exactly when the token *before* position j equals the current
        token, i.e. at the position right after an earlier occurrence.
        One more QK term lets every query attend to BOS with score
        beta1 / 2 (CONST on the query side, BOS on the key side): an
        "attention sink" used when there is no match, as in real models.
    OV: copies TOK of the attended position to the output (this is what
        would predict the next token; it does not affect the pattern shown).

On the repeated sequence (period L = 25, positions 1..25 and 26..50), a query
in the second half at position p finds its token at p - L, whose successor is
p - L + 1: the induction head attends along the off-diagonal at offset
L - 1 = 24 below the main diagonal, while the previous-token head attends
along offset 1.  In the first half there is nothing to match, so the
induction head rests on BOS.

Softmax attention uses a causal mask (query p sees keys j <= p).  All
randomness is seeded.  Writes ../induction_attention.png relative to this
file.  Requires only numpy and matplotlib.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "induction_attention.png"

SEED = 0
VOCAB = 1000
D = 64  # dimension of each subspace (token, position, previous token)
PERIOD = 25  # random tokens, then repeated once
N_POS = 1 + 2 * PERIOD  # BOS + two copies
BETA0 = 12.0  # inverse temperature of the previous-token head
BETA1 = 12.0  # inverse temperature of the induction head

TOK = slice(0, D)
POS = slice(D, 2 * D)
PREV = slice(2 * D, 3 * D)
CONST = 3 * D
BOS_DIM = 3 * D + 1
D_MODEL = 3 * D + 2
BOS_TOKEN = 0


def random_unit_rows(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """n random Gaussian vectors in R^d, normalised: near-orthogonal when d is large."""
    v = rng.normal(size=(n, d))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def attention(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray) -> np.ndarray:
    """Causal softmax attention pattern A[query, key] (temperatures live in w_q)."""
    scores = (x @ w_q) @ (x @ w_k).T
    n = x.shape[0]
    scores = np.where(np.tril(np.ones((n, n), dtype=bool)), scores, -np.inf)
    scores -= scores.max(axis=1, keepdims=True)
    a = np.exp(scores)
    return a / a.sum(axis=1, keepdims=True)


def build_and_run(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    emb = random_unit_rows(rng, VOCAB, D)  # token embeddings E[t]
    pos = random_unit_rows(rng, N_POS, D)  # positional embeddings P[p]

    # Sequence: BOS, 25 distinct random tokens, the same 25 again.
    first = rng.choice(np.arange(1, VOCAB), size=PERIOD, replace=False)
    tokens = np.concatenate([[BOS_TOKEN], first, first])

    # Embedding: x_p = E[t_p] (TOK) + P[p] (POS) + 1 (CONST) + [t_p is BOS] (BOS).
    x = np.zeros((N_POS, D_MODEL))
    x[:, TOK] = emb[tokens]
    x[:, POS] = pos
    x[:, CONST] = 1.0
    x[:, BOS_DIM] = tokens == BOS_TOKEN

    # ---- layer 0: previous-token head (d_head = D) ----
    # W_QK = W_Q W_K^T = beta0 * sum_r P[r] P[r-1]^T (on the POS subspace).
    w_q0 = np.zeros((D_MODEL, N_POS - 1))
    w_k0 = np.zeros((D_MODEL, N_POS - 1))
    w_q0[POS] = BETA0 * pos[1:].T  # head dim r reads "am I at position r+1?"
    w_k0[POS] = pos[:-1].T  # ... and matches "is this key at position r?"
    a0 = attention(x, w_q0, w_k0)
    # OV: copy TOK of the attended position into PREV.
    w_ov0 = np.zeros((D_MODEL, D_MODEL))
    w_ov0[TOK, PREV] = np.eye(D)
    x1 = x + a0 @ (x @ w_ov0)

    # ---- layer 1: induction head (d_head = D + 1) ----
    w_q1 = np.zeros((D_MODEL, D + 1))
    w_k1 = np.zeros((D_MODEL, D + 1))
    w_q1[TOK, :D] = BETA1 * np.eye(D)  # query: the current token
    w_k1[PREV, :D] = np.eye(D)  # key: the previous token (written by layer 0)
    w_q1[CONST, D] = BETA1 / 2  # sink: every query ...
    w_k1[BOS_DIM, D] = 1.0  # ... gives BOS a score of beta1 / 2
    a1 = attention(x1, w_q1, w_k1)
    return a0, a1


def main() -> None:
    rng = np.random.default_rng(SEED)
    a0, a1 = build_and_run(rng)

    q = np.arange(N_POS)
    prev_score = a0[q[1:], q[1:] - 1].mean()
    second = q[1 + PERIOD :]
    ind_score = a1[second, second - (PERIOD - 1)].mean()
    print(f"mean attention of layer-0 head to previous token:          {prev_score:.3f}")
    print(f"mean attention of layer-1 head at offset {PERIOD - 1} (second half): {ind_score:.3f}")

    plt.rcParams.update({"font.size": 10, "axes.linewidth": 0.8})
    fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.6), constrained_layout=True)
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("white")  # masked (future) positions
    mask = np.triu(np.ones((N_POS, N_POS), dtype=bool), k=1)
    panels = (
        (a0, "(a) layer 0: previous-token head", 1, "offset 1"),
        (a1, "(b) layer 1: induction head", PERIOD - 1, f"offset ${PERIOD - 1} = {PERIOD} - 1$"),
    )
    ticks = list(range(0, N_POS, 10))
    for ax, (a, label, offset, text) in zip(axes, panels, strict=True):
        im = ax.imshow(
            np.ma.masked_array(a, mask), cmap=cmap, vmin=0, vmax=1, interpolation="nearest"
        )
        ax.set_title(label, fontsize=10, loc="left", pad=4)
        ax.set_xlabel("key position")
        ax.set_ylabel("query position")
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.tick_params(labelsize=8.5)
        # Boundary between the two copies of the sequence.
        ax.axhline(PERIOD + 0.5, color="0.6", lw=0.6, ls="--")
        ax.axvline(PERIOD + 0.5, color="0.6", lw=0.6, ls="--")
        # Label the stripe, pointing at a cell well inside it.
        qy = 2 * PERIOD - 6 if offset > 1 else 14
        ax.annotate(
            text,
            xy=(qy - offset, qy),
            xytext=(qy - offset + 9, qy - 13) if offset > 1 else (qy + 10, qy - 9),
            color="black",
            fontsize=9,
            ha="left",
            arrowprops={"arrowstyle": "->", "color": "black", "lw": 0.9},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.7", "lw": 0.5},
        )
    cbar = fig.colorbar(im, ax=axes, shrink=0.85, aspect=25, pad=0.02)
    cbar.set_label("attention probability", fontsize=9)
    cbar.ax.tick_params(labelsize=8.5)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, dpi=200, metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
