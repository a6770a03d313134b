"""Phone-sized checks of a page (390×844, the width of a common phone) and screenshots.

- `fits_phone`: no page-level sideways scroll (document.documentElement.scrollWidth <= 390); wide
  tables scroll inside their own container instead;
- `nav_collapsed`: the navigation shows its toggle, its menu stays hidden until tapped (and its
  entries, once open, are as tall as the controls);
- `touch_heights`: the bounding-box heights of the page's main controls (each must be >= 44 px);
- `screenshots`: the page at 1366×768 and at 390×844, saved under the var dir (settings.VAR_DIR,
  XIXIANG_VAR_DIR in the tests) as screenshots/<name>-desktop.png and <name>-phone.png.
"""

from pathlib import Path

from django.conf import settings

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
TOUCH_MIN = 44
#: the main controls of a page: the buttons, fields and button-like links inside <main>
MAIN_CONTROLS = ("main button:visible, main .btn:visible, main input:not([type=hidden]):visible, "
                 "main select:visible, main textarea:visible, main .todo-link:visible, main .todo-list li > a:visible")


def phone_context(browser, base_url: str):
    return browser.new_context(base_url=base_url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def fits_phone(page) -> bool:
    return page_width(page) <= PHONE["width"]


def overflowing(page) -> list[str]:
    """What sticks out on the right of the viewport (to say why a page does not fit)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, found = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 0.5 && !el.closest('.table-responsive, .scroll-x')) {
                found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                           (el.className && el.className.baseVal === undefined ? '.' + el.className : '') +
                           ' right=' + Math.round(box.right));
            }
            if (found.length > 10) break;
        }
        return found;
    }""")


#: the opened menu's entries: its links, the language list, the password and log-out buttons
MENU_CONTROLS = "#main-nav .nav-link:visible, #main-nav .btn:visible, #main-nav select:visible"


def nav_collapsed(page, opened=None) -> bool:
    """The toggle is visible and the menu hidden; after a tap on the toggle the menu shows
    (`opened(page)` is called while it is open), another tap hides it."""
    toggle = page.locator("nav.navbar .navbar-toggler")
    menu = page.locator("#main-nav")
    if not toggle.is_visible() or menu.is_visible():
        return False
    toggle.tap()
    # Bootstrap ignores a tap while the menu is still sliding open (.collapsing)
    page.locator("#main-nav.collapse.show").wait_for(state="visible")
    if opened is not None:
        opened(page)
    toggle.tap()
    menu.wait_for(state="hidden")
    return True


def touch_heights(page, selector: str = MAIN_CONTROLS) -> dict[str, float]:
    """{description: height} of every control matched by `selector`."""
    heights = {}
    controls = page.locator(selector)
    for index in range(controls.count()):
        control = controls.nth(index)
        box = control.bounding_box()
        if box is None:
            continue
        name = control.evaluate(
            "el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[' + el.name + ']' : '')"
            " + ' ' + (el.innerText || el.value || '').trim().slice(0, 20)")
        heights[f"{index}:{name}"] = box["height"]
    return heights


def too_small(page, selector: str = MAIN_CONTROLS) -> dict[str, float]:
    return {name: height for name, height in touch_heights(page, selector).items() if height < TOUCH_MIN}


def screenshot_dir() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def screenshots(page, name: str) -> list[Path]:
    """The page at 1366×768 and at 390×844 (full page), back at the phone size afterwards."""
    paths = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        path = screenshot_dir() / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    return paths


def check_phone_page(page, name: str) -> None:
    """The three phone checks and the two screenshots of the page shown now, with reasons."""
    screenshots(page, name)
    assert "{#" not in page.inner_text("body"), f"{name}: a template comment is printed"
    assert fits_phone(page), f"{name}: {page_width(page)} px wide: {overflowing(page)}"
    small_entries = {}

    def opened(page):
        page.screenshot(path=str(screenshot_dir() / f"{name}-phone-menu.png"))
        small_entries.update(too_small(page, MENU_CONTROLS))

    assert nav_collapsed(page, opened), f"{name}: the navigation is not collapsed"
    assert small_entries == {}, f"{name}: menu entries under {TOUCH_MIN} px: {small_entries}"
    small = too_small(page)
    assert small == {}, f"{name}: controls under {TOUCH_MIN} px: {small}"
