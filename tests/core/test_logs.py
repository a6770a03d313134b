"""No full resident ID number in any log the application writes (issue 11)."""

import io
import logging
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from xixiang.core.logs import MaskingFormatter
from xixiang.lib.id_numbers import mask_id_numbers_in_text

ID_NUMBER = "610724197101011236"


def test_id_numbers_in_free_text_are_masked_and_longer_digit_runs_are_left_alone():
    text = f"GET /households/?q={ID_NUMBER}&page=2 61072419710101123x order 12345678901234567890"
    assert mask_id_numbers_in_text(text) == (
        "GET /households/?q=610724********1236&page=2 610724********123x order 12345678901234567890")


def test_the_formatter_masks_arguments_and_tracebacks_and_escapes_control_characters():
    formatter = MaskingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError(f"duplicate key value (id_number)=({ID_NUMBER})")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   (f"/households/{ID_NUMBER}/\x00",), sys.exc_info())
    line = formatter.format(record)
    assert ID_NUMBER not in line
    assert line.startswith("ERROR Internal Server Error: /households/610724********1236/\\x00\n")
    assert "(id_number)=(610724********1236)" in line


@pytest.fixture
def configured_log():
    """The stream of the console handler settings.LOGGING configured, captured for one test."""
    handler = logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_every_configured_handler_formats_through_the_masking_formatter():
    formatters = settings.LOGGING["formatters"]
    for name, handler in settings.LOGGING["handlers"].items():
        assert formatters[handler["formatter"]]["()"] == "xixiang.core.logs.MaskingFormatter", name


@pytest.mark.parametrize("name", ["", "django", "django.request", "django.server", "django.tasks", "django_tasks_db"])
def test_every_handler_a_record_reaches_masks_it(name):
    logger = logging.getLogger(name)
    handlers = []
    while logger:
        # pytest's own capturing handlers sit on the root logger during tests: not ours
        handlers.extend(h for h in logger.handlers if not type(h).__module__.startswith("_pytest"))
        logger = logger.parent if logger.propagate else None
    assert handlers and all(isinstance(h.formatter, MaskingFormatter) for h in handlers), handlers


def test_a_search_by_id_number_leaves_only_the_masked_number_in_the_request_and_server_logs(world, configured_log):
    client = world.client_for("clerk_chengguan")
    assert client.get(reverse("households:household_list"), {"q": ID_NUMBER}).status_code == 200
    # Django logs "Not Found: <path>"
    assert client.get(reverse("households:household_detail", args=[ID_NUMBER])).status_code == 404
    # what runserver logs for the search (django.server, through the same configured handler)
    logging.getLogger("django.server").info('"GET /households/?q=%s HTTP/1.1" 200 9521', ID_NUMBER)
    log = configured_log.getvalue()
    assert ID_NUMBER not in log
    assert "Not Found: /households/610724********1236/" in log
    assert '"GET /households/?q=610724********1236 HTTP/1.1" 200 9521' in log
