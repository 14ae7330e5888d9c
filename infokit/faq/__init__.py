"""The client toolkit beside the infographic (issue 9): the website FAQ page, a paste-ready
fragment of it, the FAQ in Markdown and the toolkit index page.

    spec.py       the brand file's ``faq:`` key (validated by brand.py)
    markdown.py   the small safe Markdown of answers: parse, render HTML, write Markdown back
    catalog.py    questions, default answers and page strings, one YAML file per language
    content.py    a brand's questions and answers, ready for any of the outputs
    style.py      brand colours (WCAG AA, the infographic's contrast logic) and font stacks
    page.py       the HTML, Markdown and index files (Jinja2, autoescaped)
"""

from __future__ import annotations

QUESTION_KEYS = (
    "what",
    "difference",
    "during",
    "payment",
    "booking",
    "who",
    "reschedule",
    "equipment",
    "joining",
)
"""The nine questions of the kit, in the order the page asks them."""
