"""Build one site in a fresh process; print one JSON line with timings, warnings and peak memory.

    python bench/build_child.py CONFIG [--profile OUT.pstats]

`seconds` covers load_config + build (both languages: i18n rebuilds inside on_post_build);
the interpreter start and the `import mkdocs` before it are not counted, the same for
every variant. `hook_seconds` is the time spent inside the checklist hook's events (which
build the checklist and knowledge-check pages); `all_hook_events` times every event of
every hook of ours, wall and CPU.
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

CHECKLIST_HOOK = "checklists_hook"


def _hook_timer() -> dict[str, dict[str, float]]:
    """Wrap every event of our hooks (hooks/*.py) as MkDocs loads them, to time them:
    {"<hook>.<event>": wall seconds, "<hook>.<event>.cpu": CPU seconds}."""
    from mkdocs.config import config_options

    spent: dict[str, dict[str, float]] = {"wall": {}, "cpu": {}}
    original = config_options.Hooks._load_hook

    def load(self, name, path):  # type: ignore[no-untyped-def]
        module = original(self, name, path)
        hook = os.path.basename(path)[: -len(".py")]
        for event in [e for e in dir(module) if e.startswith("on_")]:
            fn = getattr(module, event)
            if not callable(fn):
                continue
            key = f"{hook}.{event}"

            def timed(*args, __fn=fn, __key=key, **kwargs):  # type: ignore[no-untyped-def]
                t0, c0 = time.perf_counter(), time.process_time()
                try:
                    return __fn(*args, **kwargs)
                finally:
                    spent["wall"][__key] = spent["wall"].get(__key, 0.0) + time.perf_counter() - t0
                    spent["cpu"][__key] = spent["cpu"].get(__key, 0.0) + time.process_time() - c0

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
                # The checklist hook (checklists and quizzes): its events' wall and CPU time.
                "hook_seconds": sum(v for k, v in spent["wall"].items() if k.startswith(CHECKLIST_HOOK)),
                "hook_cpu_seconds": sum(v for k, v in spent["cpu"].items() if k.startswith(CHECKLIST_HOOK)),
                "hook_events": {
                    k[len(CHECKLIST_HOOK) + 1 :]: v for k, v in spent["wall"].items() if k.startswith(CHECKLIST_HOOK)
                },
                # Every event of every hook of ours (wall, CPU).
                "all_hook_events": spent,
                "warnings": len(handler.messages),
                "checklist_warnings": [m for m in handler.messages if "checklist" in m.lower() and "bench-" in m][:5],
                "maxrss_mb": usage.ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
