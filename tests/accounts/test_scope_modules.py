"""Every app's scope module: nobody signed in (or deactivated) reaches any row or any action,
and each module keeps the naming scheme (`<rows>`, `editable_<rows>`, `can_<verb>`)."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from archives import scope as archive_scope
from assessment import scope as assessment_scope
from assistance import scope as assistance_scope
from households import scope as household_scope
from targets import scope as target_scope
from villages import scope as village_scope
from xixiang.accounts.roles import Reach
from xixiang.core import scope as document_scope

MODULES = [village_scope, household_scope, archive_scope, assistance_scope, assessment_scope, document_scope,
           target_scope]


def one_argument_functions(module):
    """The module's own public functions that take only the user."""
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        if list(inspect.signature(function).parameters) == ["user"]:
            yield name, function


CASES = [(module.__name__, name, function) for module in MODULES for name, function in one_argument_functions(module)]


def test_every_scope_module_has_functions_of_the_user():
    counts = {module.__name__: len(list(one_argument_functions(module))) for module in MODULES}
    assert all(count > 0 for count in counts.values()), counts


@pytest.mark.parametrize("module,name,function", CASES, ids=[f"{m}.{n}" for m, n, _ in CASES])
def test_an_anonymous_visitor_reaches_nothing(db, module, name, function):
    answer = function(AnonymousUser())
    if isinstance(answer, QuerySet):
        assert answer.count() == 0
    else:
        assert answer is False


@pytest.mark.parametrize("module,name,function", CASES, ids=[f"{m}.{n}" for m, n, _ in CASES])
def test_a_deactivated_administrator_reaches_nothing(world, module, name, function):
    admin = world.users["admin"]
    admin.is_active = False
    answer = function(admin)
    if isinstance(answer, QuerySet):
        assert answer.count() == 0
    else:
        assert answer is False


def test_a_reach_no_app_filled_answers_none_so_the_role_reaches_nothing(world):
    unfilled = Reach("test")
    assert unfilled(world.users["helper1"]) is None
    unfilled.register("helper", lambda user: "households of " + user.username)
    assert unfilled(world.users["helper1"]) == "households of helper1"
    assert unfilled(world.users["clerk_chengguan"]) is None
