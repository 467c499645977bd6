"""Small fixes to the book's HTML pages, found by looking at them in a browser (tests/test_browser.py).

* sphinx-thebe adds its inline configuration script twice under Jupyter Book 1.0, and the second
  copy throws "Identifier 'THEBE_JS_URL' has already been declared" on every page: identical
  inline scripts are kept once.
* MyST-NB embeds the executed notebook's ipywidgets state (about 80 kB on a page with the sliders
  panel) for the widget manager, which the book does not load (``nb_ipywidgets_js: {}``: the static
  page shows the panel's JavaScript twin instead): the state is left out.
* sphinx-book-theme does not pass pydata-sphinx-theme's ``default_mode`` on, so a first visit
  (nothing in localStorage) logs "Got invalid theme mode" as a console error: the page context
  gets the light mode as its default.
* pydata-sphinx-theme 0.16 and later put a second search box in a bar across the top of every page
  (the sidebar has one already): that bar's items are emptied. Jupyter Book writes the theme's
  options itself (launch buttons, repository), so this one is added to them, not set in
  _config.yml, which would replace them all.
* The book has an English and a Korean edition (tools/i18n.py), built side by side: the English
  one at the root, the Korean one in ``ko/``. Each page starts with a link to the same page in the
  other language. sphinx-book-theme's Korean catalogue translates the footer's "By" wrongly; the
  Korean pages get a correct word, and their proofs start with 증명 where sphinx-proof writes "Proof".
"""

import re

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _tidy_page(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "light"
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        attributes = dict(getattr(js, "attributes", {}) or {})
        if attributes.get("type") == WIDGET_STATE:
            continue
        key = (getattr(js, "filename", str(js)) or "", tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


LANGUAGES = {"ko": ("English", "en", "../"), "en": ("한국어", "ko", "ko/")}  # language: (link text, hreflang, where)


KO_FIXES = {"By": "지은이:"}  # sphinx-book-theme's Korean catalogue renders "By {author}" as "으로 {author}"
# sphinx-proof writes "Proof. " into the text of every proof, untranslated
_PROOF = re.compile(r'(<div class="proof admonition"[^>]*>\s*<p>)Proof\. ')


def _language_link(app, pagename, templatename, context, doctree):
    if (app.config.language or "en") == "ko" and callable(context.get("translate")):
        theme_translate = context["translate"]
        context["translate"] = lambda text, *a, **k: KO_FIXES.get(text) or theme_translate(text, *a, **k)
    if (app.config.language or "en") == "ko" and "body" in context:
        context["body"] = _PROOF.sub(r"\1증명. ", context["body"])
    if doctree is None or "body" not in context or pagename not in app.env.found_docs:
        return
    text, lang, where = LANGUAGES.get(app.config.language or "en", LANGUAGES["en"])
    up = "../" * pagename.count("/")
    href = f"{up}{where}{pagename}.html"
    context["body"] = (f'<p class="ganbook-language"><a href="{href}" hreflang="{lang}" lang="{lang}">{text}</a></p>\n'
                       + context["body"])


def _theme_options(app, config):
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _theme_options, priority=900)
    app.connect("html-page-context", _tidy_page, priority=900)
    app.connect("html-page-context", _language_link, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
