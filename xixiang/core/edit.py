"""The one shape of an edit view and of a POST action: form → service → message → redirect.

Rules every view follows (issue 12):
- `require(allowed)` is the only 403: the user's role lacks the action. A row outside the
  user's scope is a 404 (`get_object_or_404` over a scope function), before any of this.
- A `DomainError` from a service is shown to the user, never a 403: next to its field (or at
  the top of the form) on a form page, as an error message after an action.
- A `ConcurrentEditError` keeps what the user typed, re-based on the row as stored now, so that
  saving again applies it knowingly (xixiang.core.concurrency).
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .errors import ConcurrentEditError, DomainError
from .forms import add_domain_error, rebased, versions_rebased

#: At most this many of a refusal's row errors (an upload's, an import's) become messages.
MAX_ERROR_MESSAGES = 100


def require(allowed: bool) -> None:
    """403 unless the user's role may do this at all."""
    if not allowed:
        raise PermissionDenied


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable,
    success: Callable | str | None,
    redirect_to: Callable | str,
    template: str,
    context: Callable | dict | None = None,
    rebase: Callable | None = None,
) -> HttpResponse:
    """Validate `form` on POST, call `save(form)` (one service), add `success`, redirect.

    `success` and `redirect_to` are a value or a function of what `save` returned (a message, a
    URL name or URL or model with get_absolute_url, as `redirect()` takes; a tuple is a URL name
    and its arguments); `success=None` adds no message (the page redirected to says it all). On
    a DomainError the page is shown again with the error. On a ConcurrentEditError `rebase(data)`
    builds the form anew from the re-based posted data (without `rebase`, the error is shown on
    the form as is). The template gets `form` and `context`: a dict, or a function of the form
    (as re-built by `rebase`) returning one, called only when the page is shown.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ConcurrentEditError as error:
            if rebase is not None:
                form = rebase(_rebased(request.POST, form, error))
                form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _success(request, success, result)
            return _redirect(redirect_to, result)
    extra = context(form) if callable(context) else context
    return render(request, template, {"form": form, **(extra or {})})


def _rebased(data, form, error: ConcurrentEditError):
    """The posted data with the version the row has now: the one the error names (a plain form
    acting on one row, or a model form whose row was created meanwhile), else the model form's."""
    if error.current_version is not None or not hasattr(form, "instance"):
        return rebased(data, error, form.prefix)
    return versions_rebased(data, [form])


def post_action(
    request: HttpRequest,
    *,
    act: Callable,
    success: Callable | str | None,
    redirect_to: Callable | str,
    refused_to: Callable | str | None = None,
    form=None,
) -> HttpResponse:
    """A POST without a page of its own (delete, restore, finalise, a one-line visit, an upload):
    call `act()` (one service), add `success` (as in `form_page`), redirect to `redirect_to`. A
    DomainError becomes an error message (and one per row it lists in `errors`, as an upload's
    refusal does) and the user goes to `refused_to` (default: `redirect_to`, a function there
    being called with None). With a `form` (bound to the POST), its errors are refused the same
    way before `act` runs. Wrap the view in `require_POST`."""
    refused = refused_to if refused_to is not None else redirect_to
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _redirect(refused, None)
    try:
        result = act()
    except DomainError as error:
        messages.error(request, error.message)
        for message in getattr(error, "errors", [])[:MAX_ERROR_MESSAGES]:
            messages.error(request, message)
        return _redirect(refused, None)
    _success(request, success, result)
    return _redirect(redirect_to, result)


def _success(request, success, result) -> None:
    message = success(result) if callable(success) else success
    if message is not None:
        messages.success(request, message)


def _redirect(target, result) -> HttpResponse:
    if callable(target) and not hasattr(target, "get_absolute_url"):
        target = target(result)
    if isinstance(target, tuple):
        name, *args = target
        return redirect(name, *args)
    return redirect(target)
