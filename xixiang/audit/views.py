from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import registry, selectors


def object_history(request, model_key: str, pk: int):
    """The change history of one object the user may see; 404 for anything else."""
    registration = registry.registration(model_key)
    if registration is None:
        raise Http404
    obj = get_object_or_404(registration.scoped_queryset(request.user), pk=pk)
    related = registration.related(obj) if registration.related else []
    return render(request, "audit/object_history.html", {
        "object": obj,
        "entries": selectors.object_history(obj, related, masks=registration.masks_for(request.user, obj)),
        "verbose_name": obj._meta.verbose_name,
    })
