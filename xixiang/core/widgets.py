"""Selects that write their options in Python instead of one template include per option, and
inputs that write their tag in Python instead of a template.

Django renders each `<option>` through its own template (select_option.html and attrs.html).
The assessment catalogue page has a row per indicator, each with a select of every department (260)
and a multi-select of the county departments (102): some 5,800 options, which Django's
widget templates (select.html including select_option.html and attrs.html per option)
rendered in ~200 ms at county scale. These widgets build the same context as Django's
(`get_context`) and write the same HTML, byte for byte (tests/assessment/test_widgets.py and
tests/core/test_widgets.py compare them with Django's own widgets). The project list's filter of
~260 departments uses the same `Select`. They keep Django's class names so that
`xixiang.core.forms.BootstrapMixin`, which styles selects by class name, styles them alike.
The catalogue's rows also hold some 170 text and number inputs, each one template render
(input.html with attrs.html: ~40% of the page's time once the selects were quick); `TextInput` and
`NumberInput` write the same tag (tested against Django's the same way).
"""

import html

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    """django.utils.html.conditional_escape without its lazy wrapper (the cost of 5,800 calls)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_escape(name)}")
        else:
            parts.append(f' {_escape(name)}="{_escape(str(value))}"')
    return "".join(parts)


def _escaped(value, label) -> tuple[str, str, str]:
    """(the value as compared with the selected ones, the value and the label as written)."""
    raw = str(value)
    return raw, _escape(raw), _escape(label)


class Choices(BaseChoiceIterator):
    """Flat (value, label) choices that many forms' selects share: normalised and escaped once.
    Django takes a BaseChoiceIterator as it is (no per-form normalising); the widgets below
    write the escaped pairs as they are."""

    def __init__(self, choices):
        self.choices = [("" if value is None else value, label) for value, label in choices]
        self.escaped = [_escaped(value, label) for value, label in self.choices]

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class _QuickOptions:
    """Django's Select.get_context, optgroups and its select.html and select_option.html, in one
    pass in Python (a Select's options inherit no attributes: only `selected`)."""

    def _groups(self) -> list[tuple[object, list[tuple[str, str, str]]]]:
        """[(group name or None, [(raw value, value html, label html)])], as Django's optgroups."""
        escaped = getattr(self.choices, "escaped", None)
        if escaped is not None:
            return [(None, escaped)]
        groups = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                groups.append((option_value, [_escaped(v, label) for v, label in option_label]))
            else:
                groups.append((None, [_escaped(option_value, option_label)]))
        return groups

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # name, formatted value, attrs
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        selected_values = widget["value"]
        multiple = self.allow_multiple_selected
        has_selected = False
        out = [f'<select name="{_escape(name)}"{_attrs(widget["attrs"])}>']
        for group_name, options in self._groups():
            if group_name:
                out.append(f'\n  <optgroup label="{_escape(group_name)}">')
            for raw, value_html, label_html in options:
                selected = (not has_selected or multiple) and raw in selected_values
                has_selected |= selected
                out.append(f'\n  <option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>\n')
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class Select(_QuickOptions, forms.Select):
    pass


class SelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass


class _QuickInput:
    """Django's Input.get_context and input.html in Python: type, name, the formatted value when
    there is one, then the attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_html = "" if widget["value"] is None else f' value="{_escape(str(widget["value"]))}"'
        return mark_safe(f'<input type="{_escape(widget["type"])}" name="{_escape(name)}"{value_html}'
                         f'{_attrs(widget["attrs"])}>')


class TextInput(_QuickInput, forms.TextInput):
    pass


class NumberInput(_QuickInput, forms.NumberInput):
    pass
