"""Diagram of the Indirect Object Identification (IOI) circuit in GPT-2 small.

Head classes and head indices (layer.head) of the IOI circuit of Wang et al.
(2023), "Interpretability in the Wild: a Circuit for Indirect Object
Identification in GPT-2 small", ICLR 2023, arXiv:2211.00593 (final version:
"26 attention heads grouped into 7 main classes").

Every index below was checked against the text of the ICLR 2023 version of
the paper (section numbers as in that version).  Figure 2 of the paper, which
also shows the circuit, is an image; its indices were not read from it but
from the text and from the minimality table in Appendix K (Figure 20), which
lists all 26 heads with their class.

  Name Mover Heads           9.9, 9.6, 10.0
      Sec. 3.1: "patching 9.6, 9.9, and 10.0 causes a large drop";
      Fig. 20 (App. K), class "Name Mover".
  Negative Name Mover Heads  10.7, 11.10
      Sec. 3.1: "while 10.7 and 11.10 cause a large increase";
      Fig. 20, class "Negative".
  S-Inhibition Heads         7.3, 7.9, 8.6, 8.10
      Sec. 3.2: "Heads 7.3, 7.9, 8.6, 8.10 directly influence the Name Mover
      Heads' queries"; Fig. 20, class "S Inhibition".
  Induction Heads            5.5, 6.9, and the "fuzzy" 5.8, 5.9
      App. H: "The two Induction Heads (5.5 and 6.9)"; App. C: "5.9, 5.8 ...
      we called them fuzzy Induction Heads"; Fig. 20, class "Induction"
      (all four).
  Duplicate Token Heads      0.1, 3.0, and the "fuzzy" 0.10
      App. C: "Duplicate Token Heads (3.0 and 0.1)", "We thus call it [0.10]
      a fuzzy Duplicate Token Head"; App. I; Fig. 20, class "Duplicate
      Token" (all three).
  Previous Token Heads       2.2, 4.11
      App. D: "two main heads ... 4.11 and 2.2"; App. H; Fig. 20, class
      "Previous Token".
  Backup Name Mover Heads    9.0, 9.7, 10.1, 10.2, 10.6, 10.10, 11.2, 11.9
      Sec. 3.4 and App. F (lists all eight); Fig. 20, class "Backup Name
      Mover".

3 + 2 + 4 + 4 + 3 + 2 + 8 = 26 heads, matching the abstract.

Edges follow the paper's account: Previous Token Heads -> Induction Heads
through the keys at S1+1 (App. D, K-composition); Duplicate Token and
Induction Heads -> S-Inhibition Heads' values at S2 (Sec. 3.3);
S-Inhibition Heads -> Name Mover Heads' queries at END (Sec. 3.2); Name
Movers copy IO to the logits, Negative Name Movers write against it
(Sec. 3.1); Backup Name Movers take over when the Name Movers are knocked
out (Sec. 3.4).  The example prompt is the paper's (Sec. 1).

Deterministic (no randomness).  Writes ../ioi_circuit.png relative to this
file.  Requires only matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

OUT = Path(__file__).resolve().parent.parent / "ioi_circuit.png"

# Okabe-Ito colours (colour-blind safe); light versions are used as box fills.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
)

# The axes fill the figure and one data unit is one inch.
WIDTH, HEIGHT = 7.0, 5.3
LINE = 0.2  # line spacing inside boxes (inches)
PAD_X, PAD_Y = 0.1, 0.07

# (title, index lines, role, colour, centre x, centre y, dashed border)
CLASSES = {
    "prev": (
        "Previous Token Heads",
        ["2.2  4.11"],
        "at S1+1, attend to S1",
        SKY,
        1.85,
        3.95,
        False,
    ),
    "dup": (
        "Duplicate Token Heads",
        ["0.1  3.0  0.10*"],
        "at S2, attend to S1",
        BLUE,
        5.6,
        3.95,
        False,
    ),
    "ind": (
        "Induction Heads",
        ["5.5  6.9  5.8*  5.9*"],
        "at S2, attend to S1+1",
        SKY,
        1.85,
        2.95,
        False,
    ),
    "sinh": (
        "S-Inhibition Heads",
        ["7.3  7.9  8.6  8.10"],
        "at END, attend to S2",
        ORANGE,
        3.9,
        1.95,
        False,
    ),
    "neg": (
        "Negative Name Movers",
        ["10.7  11.10"],
        "write against the name",
        VERMILLION,
        1.72,
        0.95,
        False,
    ),
    "nm": (
        "Name Mover Heads",
        ["9.9  9.6  10.0"],
        "at END, attend to IO, copy it",
        GREEN,
        3.9,
        0.95,
        False,
    ),
    "bnm": (
        "Backup Name Movers",
        ["9.0  9.7  10.1  10.2", "10.6  10.10  11.2  11.9"],
        "used if Name Movers are ablated",
        PURPLE,
        5.9,
        0.85,
        True,
    ),
}
EN_DASH, MINUS = "\u2013", "\u2212"
LAYER_ROWS = tuple(
    (f"layers\n{a}{EN_DASH}{b}", y)
    for a, b, y in ((0, 4, 3.95), (5, 6, 2.95), (7, 8, 1.95), (9, 11, 0.95))
)


def light(colour: str, amount: float = 0.8) -> tuple[float, float, float]:
    """Blend a colour with white."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def side(self, where: str, frac: float = 0.5) -> tuple[float, float]:
        """A point on a side: 't', 'b' (frac along x) or 'l', 'r' (frac along y)."""
        if where in "tb":
            return (self.x0 + frac * (self.x1 - self.x0), self.y1 if where == "t" else self.y0)
        return (self.x0 if where == "l" else self.x1, self.y0 + frac * (self.y1 - self.y0))


def text_width(fig: plt.Figure, artist: plt.Text) -> float:
    """Rendered width of a text artist, in inches (= data units here)."""
    return artist.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi


def draw_class(fig: plt.Figure, ax: plt.Axes, key: str) -> Box:
    title, idx_lines, role, colour, cx, cy, dashed = CLASSES[key]
    lines = [(title, {"fontsize": 9, "fontweight": "bold"})]
    lines += [(t, {"fontsize": 9}) for t in idx_lines]
    lines += [(role, {"fontsize": 8, "style": "italic"})]
    h = LINE * len(lines) + 2 * PAD_Y
    top = cy + h / 2 - PAD_Y - LINE / 2
    widths = []
    for i, (t, kw) in enumerate(lines):
        artist = ax.text(cx, top - i * LINE, t, ha="center", va="center", zorder=3, **kw)  # type: ignore[arg-type]
        widths.append(text_width(fig, artist))
    w = max(widths) + 2 * PAD_X
    ax.add_patch(
        FancyBboxPatch(
            (cx - w / 2, cy - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.06",
            fc=light(colour),
            ec=colour,
            lw=1.4,
            ls=(0, (4, 2)) if dashed else "-",
            zorder=2,
        )
    )
    box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    # a box past the canvas is cut off in the PNG (the Backup box once was)
    assert box.x0 > 0 and box.x1 < WIDTH - 0.02, f"{title} leaves the figure: {box}"
    return box


def arrow(
    ax: plt.Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    colour: str = "0.25",
    rad: float = 0.0,
    dashed: bool = False,
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=11,
            lw=1.3,
            color=colour,
            ls=(0, (4, 2)) if dashed else "-",
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=1,
            shrinkB=1,
            zorder=1,
        )
    )


def note(
    ax: plt.Axes, x: float, y: float, text: str, ha: str = "left", colour: str = "0.2"
) -> None:
    ax.text(x, y, text, fontsize=8, ha=ha, va="center", color=colour, zorder=4)


def draw_prompt(fig: plt.Figure, ax: plt.Axes, y: float) -> None:
    """The paper's example prompt, with the token roles the circuit refers to."""
    tokens = [
        "When",
        "Mary",
        "and",
        "John",
        "went",
        "to",
        "the",
        "store",
        ",",
        "John",
        "gave",
        "a",
        "drink",
        "to",
    ]
    roles = {
        1: ("IO", GREEN),
        3: ("S1", VERMILLION),
        4: ("S1+1", SKY),
        9: ("S2", VERMILLION),
        13: ("END", ORANGE),
    }
    gap, pad = 0.05, 0.05
    artists = [ax.text(0, y, t, ha="center", va="center", fontsize=9, zorder=3) for t in tokens]
    widths = [text_width(fig, a) + 2 * pad for a in artists]
    answer = ax.text(
        0, y, "Mary", ha="left", va="center", fontsize=9.5, fontweight="bold", color=GREEN
    )
    total = sum(widths) + gap * (len(tokens) - 1) + 0.35 + text_width(fig, answer)
    x = (WIDTH - total) / 2
    for i, (artist, w) in enumerate(zip(artists, widths, strict=True)):
        role = roles.get(i)
        artist.set_x(x + w / 2)
        ax.add_patch(
            FancyBboxPatch(
                (x, y - 0.12),
                w,
                0.24,
                boxstyle="round,pad=0,rounding_size=0.04",
                fc=light(role[1], 0.6) if role else "white",
                ec=role[1] if role else "0.6",
                lw=1.0,
                zorder=2,
            )
        )
        if role:
            note(ax, x + w / 2, y - 0.25, role[0], ha="center")
        x += w + gap
    ax.annotate(
        "",
        xy=(x + 0.27, y),
        xytext=(x + 0.03, y),
        arrowprops={"arrowstyle": "-|>", "color": "0.25"},
    )
    answer.set_x(x + 0.33)
    note(ax, x + 0.33, y - 0.25, "next token")


def main() -> None:
    plt.rcParams.update({"font.size": 9})
    fig = plt.figure(figsize=(WIDTH, HEIGHT))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, HEIGHT)
    ax.axis("off")

    draw_prompt(fig, ax, HEIGHT - 0.22)
    ax.plot([0.05, WIDTH - 0.05], [HEIGHT - 0.6, HEIGHT - 0.6], color="0.8", lw=0.6)
    for text, y in LAYER_ROWS:
        note(ax, 0.05, y, text, colour="0.4")

    b = {key: draw_class(fig, ax, key) for key in CLASSES}

    # Previous Token -> Induction: K-composition through the keys at S1+1.
    arrow(ax, b["prev"].side("b"), b["ind"].side("t"))
    note(
        ax, b["prev"].side("b")[0] + 0.08, (b["prev"].y0 + b["ind"].y1) / 2, "keys (K-composition)"
    )
    # Induction and Duplicate Token -> S-Inhibition values at S2.
    arrow(ax, b["ind"].side("b", 0.75), b["sinh"].side("l", 0.62), rad=0.25)
    arrow(ax, b["dup"].side("b", 0.4), b["sinh"].side("t", 0.7), rad=-0.1)
    note(ax, 2.55, 2.02, "values", ha="right")
    note(ax, 5.12, 2.78, "values")
    # S-Inhibition -> Name Mover queries at END.
    arrow(ax, b["sinh"].side("b"), b["nm"].side("t"))
    note(ax, 3.98, (b["sinh"].y0 + b["nm"].y1) / 2, "queries")

    # Output: the logits at END.
    out_y = 0.13
    out = ax.text(
        3.9,
        out_y,
        "logits at END:  Mary \u2191",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
    )
    ow = text_width(fig, out) + 0.2
    ax.add_patch(
        FancyBboxPatch(
            (3.9 - ow / 2, out_y - 0.12),
            ow,
            0.24,
            boxstyle="round,pad=0,rounding_size=0.04",
            fc="0.95",
            ec="0.4",
        )
    )
    arrow(ax, b["nm"].side("b"), (3.9, out_y + 0.12), colour=GREEN)
    note(ax, 3.98, (b["nm"].y0 + out_y + 0.12) / 2, "+ IO", colour=GREEN)
    arrow(ax, b["neg"].side("b"), (3.9 - ow / 2, out_y + 0.02), colour=VERMILLION, rad=0.25)
    note(ax, b["neg"].side("b")[0] - 0.1, 0.3, f"{MINUS} IO", ha="right", colour=VERMILLION)
    arrow(
        ax, b["bnm"].side("b"), (3.9 + ow / 2, out_y + 0.02), colour=PURPLE, rad=-0.25, dashed=True
    )

    note(
        ax,
        WIDTH - 0.05,
        HEIGHT - 0.75,
        "layer.head indices;  * “fuzzy” heads (App. C)",
        ha="right",
        colour="0.35",
    )

    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, dpi=200, metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
