"""Build one site in a fresh process; print one JSON line with timings, warnings and peak memory.

    python bench/build_child.py CONFIG [--profile OUT.pstats]

`seconds` covers load_config + build (both languages: i18n rebuilds inside on_post_build);
the interpreter start and the `import mkdocs` before it are not counted, the same for
every variant. `hook_seconds` is the time spent inside the checklist hook's events.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# tests/sitebuild.py imports MkDocs only, nothing of ours: the hooks' import stays in the timing.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from sitebuild import WarningCollector


def _hook_timer() -> dict[str, float]:
    """Wrap the checklist hook's events as MkDocs loads them, to time them."""
    from mkdocs.config import config_options

    spent: dict[str, float] = {}
    original = config_options.Hooks._load_hook

    def load(self, name, path):  # type: ignore[no-untyped-def]
        module = original(self, name, path)
        if path.endswith("checklists_hook.py"):
            for event in ("on_config", "on_files", "on_env"):
                fn = getattr(module, event, None)
                if fn is None:
                    continue

                def timed(*args, __fn=fn, __event=event, **kwargs):  # type: ignore[no-untyped-def]
                    t0 = time.perf_counter()
                    try:
                        return __fn(*args, **kwargs)
                    finally:
                        spent[__event] = spent.get(__event, 0.0) + time.perf_counter() - t0

                for attr in ("mkdocs_priority",):
                    if hasattr(fn, attr):
                        setattr(timed, attr, getattr(fn, attr))
                setattr(module, event, timed)
        return module

    config_options.Hooks._load_hook = load  # type: ignore[method-assign]
    return spent


def main() -> None:
    config_path = sys.argv[1]
    profile_out = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent = _hook_timer()
    handler = WarningCollector()
    logging.getLogger("mkdocs").addHandler(handler)
    profiler = None
    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    build(load_config(config_path))
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_out)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "hook_seconds": sum(spent.values()),
                "hook_events": spent,
                "warnings": len(handler.messages),
                "checklist_warnings": [m for m in handler.messages if "checklist" in m.lower() and "bench-" in m][:5],
                "maxrss_mb": usage.ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
