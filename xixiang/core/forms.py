"""Form helpers shared by every app."""

from django import forms

from xixiang.core.errors import DomainError


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class BootstrapMixin:
    """Give every widget Bootstrap's classes, so templates stay plain `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            input_type = getattr(widget, "input_type", None)
            if input_type in {"checkbox", "radio"}:
                css = "form-check-input" if input_type == "checkbox" and not hasattr(widget, "allow_multiple_selected") else ""
            elif widget.__class__.__name__ in {"Select", "SelectMultiple", "NullBooleanSelect"}:
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapFilterForm(BootstrapMixin, forms.Form):
    """The form class of every FilterSet (`Meta.form`), so filters look like other forms."""
