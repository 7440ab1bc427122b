"""Small layout decisions, as pure functions: which sections go on which tri-fold panel."""
from __future__ import annotations

#: The tri-fold's text panels in reading order: opening the cover shows the inside-left panel,
#: then the whole inside; the flap (outside-left, folded in) takes a fourth section.
TEXT_PANELS = ("inside-left", "inside-middle", "inside-right", "flap")


def distribute(lengths: list[int], bins: int) -> list[int]:
    """Split consecutive items into at most ``bins`` groups, keeping order, so that the longest
    group (by summed ``lengths``) is as short as possible. Returns the group sizes, e.g.
    ``distribute([5, 5, 5, 5, 5], 4)`` → ``[1, 1, 1, 2]``. Fewer items than bins: one each.
    """
    n = len(lengths)
    if n <= bins:
        return [1] * n
    prefix = [0]
    for length in lengths:
        prefix.append(prefix[-1] + length)
    inf = float("inf")
    # best[k][i]: smallest possible largest group for the first i items in k groups
    best = [[inf] * (n + 1) for _ in range(bins + 1)]
    cut = [[0] * (n + 1) for _ in range(bins + 1)]
    best[0][0] = 0
    for k in range(1, bins + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    sizes, i = [], n
    for k in range(bins, 0, -1):
        j = cut[k][i]
        sizes.append(i - j)
        i = j
    return list(reversed(sizes))


def trifold_panels(parts: list, length=lambda part: len(part.html)) -> dict[str, list]:
    """Assign parts to :data:`TEXT_PANELS`: one each when there are four or fewer, else in
    balanced consecutive groups. Returns ``{panel: [parts]}`` with every panel present."""
    panels = {name: [] for name in TEXT_PANELS}
    start = 0
    for name, size in zip(TEXT_PANELS, distribute([length(p) for p in parts], len(TEXT_PANELS))):
        panels[name] = parts[start:start + size]
        start += size
    return panels
