"""``{% file_url obj "field" %}``: the address that serves an upload to users who may view
its object (see parkops.core.files); uploads are never linked by their storage URL."""

from __future__ import annotations

from django import template

from parkops.core.files import file_url as _file_url

register = template.Library()


@register.simple_tag
def file_url(obj, field_name: str) -> str:
    return _file_url(obj, field_name)
