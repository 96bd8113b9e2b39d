#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb, for machines without Quarto (where `nbdev-readme` does this).

    python tools/readme.py          # rewrite README.md
    python tools/readme.py --check  # exit 1 if README.md is out of step with nbs/index.ipynb

Markdown cells are copied (the title's `>` summary becomes a quote), code cells become fenced Python,
and their text outputs fenced text; cells marked `#| hide` are left out, as on the site.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def _src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def render(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        src = _src(c).strip()
        if not src: continue
        if c['cell_type'] == 'markdown': parts.append(src)
        elif c['cell_type'] == 'code':
            lines = src.splitlines()
            if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
            code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if code: parts.append(f"```python\n{code}\n```")
            for o in c.get('outputs', []):
                text = o.get('text') or o.get('data', {}).get('text/plain')
                if text: parts.append("```\n" + (''.join(text) if isinstance(text, list) else text).rstrip() + "\n```")
    return '\n\n'.join(parts) + '\n'

def main(argv):
    want = render()
    readme = ROOT/'README.md'
    if '--check' in argv:
        if not readme.exists() or readme.read_text() != want:
            print("README.md is out of step with nbs/index.ipynb: run `python tools/readme.py`", file=sys.stderr)
            return 1
        return 0
    readme.write_text(want)
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
