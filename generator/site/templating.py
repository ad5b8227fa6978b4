"""The Jinja environment the page templates render in: one per language and build.

Kept apart from render.py and pages.py (which pages exist, what each one's context holds): this
is only how templates run — filters, globals, and three lookups made cheaper than Jinja's
defaults for the plain data our templates read. Nothing here knows a notice's facts.

The three overrides of Jinja internals (PageContext.call, DataEnvironment.getattr and
make_globals) stay because they pay: bench/templating.py measures 30 % less CPU for the
generator's rendering (1.33 s against 1.89 s for 100 programs), which keeps the generator
under 5 % of a build's CPU. Their upgrade risk is guarded by tests/site/test_templating.py,
which renders every page both ways and requires identical bytes, and by Jinja's pinned version.
"""

from __future__ import annotations

from pathlib import Path
from types import BuiltinFunctionType, FunctionType

import jinja2
import markupsafe
from jinja2.runtime import Context, Macro

from .text import TEMPLATES, human_bytes, mark_chinese, md_escape, strings

_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageContext(Context):
    """Jinja checks every call from a template for pass_context and friends, which costs
    more than most calls themselves. Builtins (str.format, dict.get), our macros and plain
    functions never carry those markers, so they are called straight; anything else goes
    the usual way."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        kind = type(__obj)
        if (
            kind is BuiltinFunctionType
            or kind is Macro
            or (kind is FunctionType and "jinja_pass_arg" not in __obj.__dict__)
        ):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class DataEnvironment(jinja2.Environment):
    """Templates read plain dicts (``p.notice.title``); Jinja tries the attribute first and
    pays for an AttributeError on each of them. Same answers, looked up the cheap way: a
    name that is not a dict attribute can only be a key."""

    context_class = PageContext

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(self, d):
        """A plain dict, not Jinja's ChainMap: every page copies its globals, and copying a
        ChainMap goes through Python code key by key. Our globals are set before any
        template is loaded and never change after, which is all the ChainMap is for."""
        return {**self.globals, **(d or {})}


def environment(cache_dir: Path | None = None, shared: dict | None = None, *, tuned: bool = True):
    """cache_dir keeps compiled templates between builds (compiling costs more than rendering);
    shared becomes the globals every template and imported macro of one language sees.
    tuned=False gives Jinja's own environment (same output; bench/templating.py compares)."""
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    env = (DataEnvironment if tuned else jinja2.Environment)(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=cache,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def md(ctx, value):
        return mark_chinese(md_escape(value), ctx["lang"])

    @jinja2.pass_context
    def clause(ctx, value, lang=None):
        lang = lang or ctx["lang"]
        return strings(lang)["clause"].format(clause=mark_chinese(md_escape(str(value)), lang))

    @jinja2.pass_context
    def hz(ctx, value):
        """HTML-escaped text for raw HTML blocks, Chinese tagged on English pages."""
        return mark_chinese(str(markupsafe.escape(str(value))), ctx["lang"])

    env.globals.update(shared or {})
    # Page data (| tojson) in UTF-8 rather than \uXXXX escapes: Chinese text at half the bytes.
    # tojson still escapes < > & ' so the JSON cannot end its <script> element early.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.filters.update(
        md=md,
        hz=hz,
        h=lambda v: markupsafe.escape(str(v)),
        kb=human_bytes,
        clause=clause,
    )
    return env
