"""The report as one self-contained HTML page: matplotlib charts embedded as base64 PNG images."""

from __future__ import annotations

import base64
import html
import io
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from bot.recruiters.report import TITLES, Report, _period, nlu_examples

if TYPE_CHECKING:  # matplotlib is imported only when a report draws its charts
    from matplotlib.figure import Figure

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.figures { display: flex; gap: 1.5rem; flex-wrap: wrap; }
.figure { background: #f3f5f8; border-radius: .5rem; padding: .8rem 1.2rem; }
.figure b { display: block; font-size: 1.5rem; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; }
td.n { text-align: right; width: 6rem; }
pre { background: #f3f5f8; padding: 1rem; overflow-x: auto; }
"""


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _image(element_id: str, alt: str, png: str) -> str:
    return f'<img id="{element_id}" alt="{html.escape(alt)}" src="data:image/png;base64,{png}">'


def charts(report: Report) -> dict[str, str]:
    """Chart name -> base64 PNG. The Agg backend draws without a display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    images: dict[str, str] = {}
    days = [d.isoformat() for d in report.days]
    try:
        figure, axis = plt.subplots(figsize=(9, 3.5))
        positions = range(len(days))
        axis.bar([p - 0.2 for p in positions], report.messages_by_day, width=0.4, label="mesaje", color="#4c78a8")
        axis.bar(
            [p + 0.2 for p in positions], report.conversations_by_day, width=0.4, label="conversații", color="#f58518"
        )
        axis.plot(list(positions), report.not_understood_by_day, "o-", color="#e45756", label="neînțelese")
        step = max(1, len(days) // 20)  # at most ~20 date labels, however long the period
        axis.set_xticks(list(positions)[::step])
        axis.set_xticklabels(days[::step], rotation=45, ha="right", fontsize=8)
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 of a message
        axis.legend()
        axis.set_title("Conversații și mesaje pe zile (UTC)")
        images["activity"] = _png(figure)
        plt.close(figure)

        top = report.topics.most_common(10)[::-1]
        figure, axis = plt.subplots(figsize=(9, 0.4 * max(len(top), 3) + 1))
        axis.barh([TITLES.get(name, name) for name, _ in top], [count for _, count in top], color="#54a24b")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_title("Subiectele cele mai cerute (mesaje)")
        images["topics"] = _png(figure)
        plt.close(figure)
    finally:
        plt.close("all")
    return images


def to_html(report: Report) -> str:
    images = charts(report)
    escape = html.escape
    figures = [
        ("conversații", report.conversations),
        ("mesaje", report.messages),
        ("rata de fallback", f"{report.fallback_rate:.1%}"),
        ("neînțelese", f"{report.not_understood_rate:.1%}"),
    ]
    parts = [
        "<!doctype html>",
        '<html lang="ro"><head><meta charset="utf-8">',
        f"<title>Raport conversații {escape(_period(report))}</title><style>{STYLE}</style></head><body>",
        f"<h1>Raport conversații: {escape(_period(report))}</h1>",
        f"<p>Generat {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC din baza de conversații a asistentului.</p>",
        '<div class="figures">',
        *(f'<div class="figure"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in figures),
        "</div>",
        "<h2>Activitate</h2>",
        _image("chart-activity", "Conversații și mesaje pe zile", images["activity"]),
        "<h2>Subiecte</h2>",
        _image("chart-topics", "Subiectele cele mai cerute", images["topics"]),
        "<h2>Mesaje neînțelese, grupate (cele mai dese întâi)</h2>",
        "<p>Fallback, în afara subiectului sau încredere mică. Subiectul ghicit e cel mai probabil subiect real "
        "după model: verifică-l înainte de a face din mesaje exemple de antrenare.</p>",
        "<table><tr><th>de câte ori</th><th>mesaje</th><th>subiect ghicit</th></tr>",
    ]
    for group in report.groups:
        texts = "<br>".join(f"{escape(t)} <small>×{c}</small>" for t, c in group.texts.most_common())
        parts.append(f'<tr><td class="n">{group.count}</td><td>{texts}</td><td>{escape(group.guess or "-")}</td></tr>')
    parts += [
        "</table>",
        "<h2>Ca exemple de antrenare (Rasa NLU)</h2>",
        f"<pre>{escape(nlu_examples(report.groups))}</pre>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
