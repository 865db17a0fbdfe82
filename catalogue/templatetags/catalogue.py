"""Template filters for the catalogue's pages: Markdown, search highlights, levels."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

from catalogue.filters import LEVEL_NAMES
from catalogue.search import highlight_html

register = template.Library()

# What a description may contain after rendering; everything else is removed.
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


@register.filter
def markdown(text):
    """Markdown rendered to HTML and sanitised with nh3 (no script, style or handlers).

    Headings start at h2 (the page's h1 is the title), and links get rel="noopener nofollow".
    """
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


@register.filter
def highlight(headline):
    """A search headline: escaped, with the matches in <mark>."""
    return highlight_html(headline)


@register.filter
def level_name(rank):
    """The name of a governance level by rank ("Niveau 2"), or "" without a level."""
    if rank in (None, ""):
        return ""
    return LEVEL_NAMES.get(int(rank), "")
