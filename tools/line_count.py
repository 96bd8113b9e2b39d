"""The size of `gencourse/` against the one-loop redesign's baseline, like for like.

    python tools/line_count.py            # a markdown table on stdout
    python tools/line_count.py --base REV # against another baseline commit

It counts, in `gencourse/*.py` without the generated `_modidx.py`, at the baseline commit and now:
lines of code (not blank, not comment-only); how many of them are signatures (from `def` to the line before
the body: with nbdev's documented parameters, one line per parameter); and Python tokens, which do not depend
on layout. The features added since the baseline are listed below by name, with the issue that asked for
them; their definitions are counted apart, so that "like for like" compares the same features.
"""
from __future__ import annotations
import argparse, ast, io, subprocess, tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = '059ba69'  # the last commit before the one-loop redesign (issue 10)

# Definitions added since the baseline that are new features of other issues: module -> (names or '*', why).
LATER = {
    'diffusion.py': ('*', 'issue 12: lecture 8, diffusion models'),
    'comparison.py': ('*', 'issue 12: every family on one scorer'),
    'metrics.py': ({'knn_radii', 'manifold_coverage', 'precision_recall'}, 'issue 12: precision and recall'),
    'cgan.py': ({'cluster_digits', 'SelfConditionedGANModel', 'train_mnist_scgan'}, 'issue 13: the self-conditioned GAN'),
    'density.py': ({'kmeans'}, 'issue 13: k-means, for the self-conditioned GAN'),
    'vae.py': ({'elbo_estimate', 'optimize_posterior'}, 'issue 11: the amortization gap'),
    'ae.py': ({'sparse_code_loss'}, 'issue 11: sparse autoencoders'),
    'modes.py': ({'held_modes', 'train_toy_benchmark', 'TOY_CONFIG'}, 'issues 11 and 13: mode hopping, the benchmark settings'),
    'train.py': ({'EMACB'}, 'issue 13: weight averaging'),
    'recipes.py': ({'diffusion_evaluate', 'diffusion_recipe', 'scgan_recipe'}, 'issues 12 and 13: their recipes'),
}
# New features that issue 10 itself asked for, counted apart in their own rows.
OWN = {
    'train.py': ({'distributed', '_summed_over_processes', 'init_distributed', 'end_distributed', 'MixedPrecisionCB',
                  '_LossModule', '_shard', 'DDPCB'}, 'torchrun and mixed precision'),
    'cli.py': ({'_NUMBER', '_INTERVAL', 'Option', 'train_options'}, 'options typed and range-checked from their docments'),
    'data.py': ({'check_label'}, 'a clear error from every model asked for a label it cannot draw'),
    'metrics.py': ({'train_mnist_scorer', 'SCORER_FILE'}, 'the scorer trained once and shipped'),
}

def _sources(rev:str|None) -> dict:
    "Module file name -> source, at `rev` (a git revision) or in the working tree."
    if rev is None: return {p.name: p.read_text() for p in sorted((ROOT/'gencourse').glob('*.py')) if p.name != '_modidx.py'}
    git = lambda *a: subprocess.run(['git', '-C', str(ROOT), *a], capture_output=True, text=True, check=True).stdout
    names = [f for f in git('ls-tree', '--name-only', rev, 'gencourse/').split() if f.endswith('.py') and not f.endswith('_modidx.py')]
    return {Path(f).name: git('show', f'{rev}:{f}') for f in names}

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
def _code(line:str) -> bool: return bool(line.strip()) and not line.strip().startswith('#')

def _size(lines:list, first:int, last:int, sig:set, head:set) -> list:
    "[lines of code, signature lines, module-header lines, tokens] of lines `first`..`last` (1-based); `sig`, `head`: line numbers."
    text = '\n'.join(lines[first-1:last])
    tokens = sum(1 for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in _SKIP)
    code = [i for i in range(first, last+1) if _code(lines[i-1])]
    return [len(code), sum(1 for i in code if i in sig), sum(1 for i in code if i in head), tokens]

def _is_header(node) -> bool:
    "The module's docstring, imports and `__all__`: what every module has, and nbdev writes partly itself."
    return (isinstance(node, (ast.Import, ast.ImportFrom)) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
            or (isinstance(node, ast.Assign) and any(getattr(t, 'id', '') == '__all__' for t in node.targets)))

def _names(node) -> set:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return {node.name}
    if isinstance(node, ast.Assign): return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()

def measure(rev:str|None, *groups:dict) -> list:
    "[all, then one total per group of `module -> (names or '*', why)`], each as `_size` gives it, at `rev`."
    out = [[0, 0, 0, 0] for _ in range(len(groups) + 1)]
    add = lambda k, v: out.__setitem__(k, [a + b for a, b in zip(out[k], v)])
    for name, src in _sources(rev).items():
        lines, tree = src.splitlines(), ast.parse(src)
        sig = {i for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for i in range(n.lineno, n.body[0].lineno)}
        head = {i for n in tree.body if _is_header(n) for i in range(n.lineno, n.end_lineno + 1)}
        add(0, _size(lines, 1, len(lines), sig, head))
        for g, group in enumerate(groups, 1):
            listed = group.get(name, (set(),))[0]
            if listed == '*': add(g, _size(lines, 1, len(lines), sig, head)); continue
            for node in tree.body:
                if _names(node) & listed:
                    first = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])])
                    add(g, _size(lines, first, node.end_lineno, sig, head))
    return out

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--base', default=BASE, help=f'baseline git revision (default {BASE})')
    args = p.parse_args()
    (base,), (now, later, own) = measure(args.base), measure(None, LATER, OWN)
    minus = lambda a, *bs: [x - sum(b[i] for b in bs) for i, x in enumerate(a)]
    rows = [(f'baseline ({args.base})', base), ('now', now), ('features of issues 11-13, listed below', later),
            ('**now without them: like for like**', minus(now, later)), ("issue 10's own new features, listed below", own),
            ('**like for like, without those either**', minus(now, later, own))]
    print('| `gencourse/` | lines of code | signatures | module headers | the rest | tokens |\n|---|---|---|---|---|---|')
    for what, (l, s, h, t) in rows: print(f'| {what} | {l:,} | {s:,} | {h:,} | {l - s - h:,} | {t:,} |')
    print('\nAgainst the baseline:')
    pct = lambda a, b: f'{a - b:+,} ({(a/b - 1)*100:+.1f} %)'
    for what, (l, s, h, t) in (rows[3], rows[5]):
        print(f'- {what.strip("*")}: lines {pct(l, base[0])}: signatures {pct(s, base[1])}, module headers {pct(h, base[2])}, '
              f'the rest {pct(l - s - h, base[0] - base[1] - base[2])}; tokens {pct(t, base[3])}')
    for title, group in (('Features of issues 11-13', LATER), ("Issue 10's own new features", OWN)):
        print(f'\n{title}: ' + '; '.join(f'`{m}` {"(all of it)" if n == "*" else ", ".join(sorted(n))}: {why}' for m, (n, why) in group.items()))

if __name__ == '__main__': main()
