#!/usr/bin/env python
"""Everything `nbdev-docs` does before it calls Quarto, so a broken docs cell fails CI where Quarto is absent.

    python tools/check_docs.py

Refreshes nbs/_quarto.yml and nbs/nbdev.yml, rebuilds the module index, processes every notebook into
`_proc/` with nbdev's docs processors (`nbdev.serve.proc_nbs`), then checks the result: every notebook
has a processed page, every page listed in nbs/sidebar.yml exists, and no saved output is a widget
(which the static site, having no kernel, would show as a blank). A cell that mixes imports with other code
is an error: nbdev runs such cells while building the docs, outside the notebook's state.
"""
import json, os, sys
from pathlib import Path
import yaml

def main():
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml
    from nbdev.doclinks import _build_modidx, nbglob
    from nbdev.serve import proc_nbs
    cfg = get_config()
    os.environ['PYTHONWARNINGS'] = 'error:Found cells containing imports'  # reaches proc_nbs's worker processes
    refresh_quarto_yml()
    _build_modidx()
    cache = proc_nbs(n_workers=1)
    problems = []
    nbs = nbglob(cfg.nbs_path, as_path=True)
    for nb in nbs:
        rel = Path(nb).resolve().relative_to(cfg.nbs_path.resolve())
        out = cache/rel
        if not out.exists(): problems.append(f"{rel}: no processed page in {cache}"); continue
        for i, c in enumerate(json.loads(out.read_text()).get('cells', [])):
            for o in c.get('outputs', []):
                data = o.get('data', {})
                if 'application/vnd.jupyter.widget-view+json' in data:
                    problems.append(f"{rel}, cell {i}: a widget in the saved outputs (blank on the site; outputs must come "
                                    f"from `tools/run_nbs.py --save`, which shows none)")
    side = yaml.safe_load((cfg.nbs_path/'sidebar.yml').read_text())
    def pages(x):
        if isinstance(x, str): yield x
        elif isinstance(x, dict):
            for v in x.values(): yield from pages(v)
        elif isinstance(x, list):
            for v in x: yield from pages(v)
    listed = {p for p in pages(side['website']['sidebar']['contents']) if p.endswith('.ipynb')}
    for p in sorted(listed):
        if not (cfg.nbs_path/p).exists(): problems.append(f"sidebar.yml lists {p}, which does not exist")
    for nb in nbs:
        rel = str(Path(nb).resolve().relative_to(cfg.nbs_path.resolve()))
        if rel not in listed: problems.append(f"{rel} is missing from nbs/sidebar.yml")
    for p in problems: print(f"docs: {p}", file=sys.stderr)
    print(f"docs: processed {len(nbs)} notebooks into {cache}; {len(problems)} problems")
    return 1 if problems else 0

if __name__ == '__main__': sys.exit(main())
