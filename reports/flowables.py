"""A light boxed flowable: flowables on a coloured background with an optional border.

Cheaper than a one-cell Table (each inner flowable is wrapped once per width), and when a
box is taller than a whole page it gives its content back unboxed instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable


class Card(Flowable):  # type: ignore[misc]
    """Flowables drawn inside padding on a filled, optionally bordered rectangle."""

    def __init__(
        self,
        content: Sequence[Flowable],
        *,
        fill: Color,
        border: Color | None = None,
        border_width: float = 0.0,
        padding: tuple[float, float, float, float] = (8.0, 10.0, 6.0, 10.0),  # t, r, b, l
        max_height: float = 1e6,
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.fill, self.border, self.border_width = fill, border, border_width
        self.padding, self.max_height = padding, max_height
        self._sizes: list[tuple[float, float]] = []
        self._for_width = -1.0

    def _inner_width(self, width: float) -> float:
        return width - self.padding[1] - self.padding[3]

    def _layout(self, width: float) -> float:
        """Wrap every inner flowable once for this width; the content height with spacing."""
        if width != self._for_width:
            inner = self._inner_width(width)
            self._sizes = [f.wrap(inner, 1e6) for f in self.content]
            self._for_width = width
        gaps = sum(self._gap(i) for i in range(len(self.content)))
        return sum(h for _, h in self._sizes) + gaps

    def _gap(self, index: int) -> float:
        """Space before flowable ``index``: the larger of its spaceBefore and the previous
        one's spaceAfter (none before the first)."""
        if index == 0:
            return 0.0
        before = self.content[index].getSpaceBefore()
        return float(max(before, self.content[index - 1].getSpaceAfter()))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self._layout(availWidth) + self.padding[0] + self.padding[2]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Move whole to the next frame; if taller than a whole frame, give back the content."""
        self.wrap(availWidth, availHeight)
        return list(self.content) if self.height > self.max_height else []

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        stroke = self.border is not None and self.border_width > 0
        if stroke:
            canvas.setStrokeColor(self.border)
            canvas.setLineWidth(self.border_width)
        canvas.rect(0, 0, self.width, self.height, stroke=int(stroke), fill=1)
        canvas.restoreState()
        y = self.height - self.padding[0]
        for index, (flowable, (_, height)) in enumerate(
            zip(self.content, self._sizes, strict=True)
        ):
            y -= self._gap(index) + height
            flowable.drawOn(canvas, self.padding[3], y)
