"""The size of `gencourse/` against the one-loop redesign's baseline, like for like.

    python tools/line_count.py            # markdown table on stdout
    python tools/line_count.py --base REV # another baseline commit

It counts lines of code (not blank, not comment-only) and Python tokens (formatting-free) in `gencourse/*.py`,
without the generated `_modidx.py`, at the baseline commit and now. The features added since the baseline are
listed below by name (each with the issue that asked for it); their definitions are counted apart, so that
"like for like" compares the same features. Module headers (docstring, imports, `__all__`) count in full.
"""
from __future__ import annotations
import argparse, ast, io, subprocess, tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = '059ba69'  # the last commit before the one-loop redesign (issue 10)

# Definitions added since the baseline that are new features, not a rewrite of old ones: module -> names (issue).
ADDED = {
    'diffusion.py': ('*', 'issue 12: lecture 8, diffusion models'),
    'comparison.py': ('*', 'issue 12: every family on one scorer'),
    'metrics.py': ({'knn_radii', 'manifold_coverage', 'precision_recall'}, 'issue 12: precision and recall'),
    'cgan.py': ({'cluster_digits', 'SelfConditionedGANModel', 'train_mnist_scgan'}, 'issue 13: the self-conditioned GAN'),
    'density.py': ({'kmeans'}, 'issue 13: k-means for the self-conditioned GAN'),
    'vae.py': ({'elbo_estimate', 'optimize_posterior'}, 'issue 11: the amortization gap'),
    'ae.py': ({'sparse_code_loss'}, 'issue 11: sparse autoencoders'),
    'modes.py': ({'held_modes', 'train_toy_benchmark', 'TOY_CONFIG'}, 'issues 11, 13: mode hopping, the benchmark settings'),
    'train.py': ({'EMACB'}, 'issue 13: weight averaging'),
    'recipes.py': ({'diffusion_evaluate', 'diffusion_recipe', 'scgan_recipe'}, 'issues 12, 13: their recipes'),
}
# New features that issue 10 itself asked for (scale-out, mixed precision): counted apart too, in their own column.
ISSUE_10_NEW = {'train.py': {'distributed', '_summed_over_processes', 'init_distributed', 'end_distributed',
                             'MixedPrecisionCB', '_LossModule', '_shard', 'DDPCB'}}

def _sources(rev:str|None) -> dict:
    "Module file name -> source, at `rev` (a git revision) or in the working tree."
    if rev is None: return {p.name: p.read_text() for p in sorted((ROOT/'gencourse').glob('*.py')) if p.name != '_modidx.py'}
    git = lambda *a: subprocess.run(['git', '-C', str(ROOT), *a], capture_output=True, text=True, check=True).stdout
    names = [f for f in git('ls-tree', '--name-only', rev, 'gencourse/').split() if f.endswith('.py') and not f.endswith('_modidx.py')]
    return {Path(f).name: git('show', f'{rev}:{f}') for f in names}

def _size(src:str) -> tuple[int, int]:
    "(lines of code, tokens) of a piece of Python source."
    lines = sum(1 for l in src.splitlines() if l.strip() and not l.strip().startswith('#'))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    return lines, sum(1 for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type not in skip)

def _names(node) -> set:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return {node.name}
    if isinstance(node, ast.Assign): return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()

def measure(rev:str|None, added:dict) -> dict:
    "Lines and tokens of `gencourse/` at `rev`: in all, and in the definitions listed in `added` (module -> names)."
    tot, new = [0, 0], [0, 0]
    for name, src in _sources(rev).items():
        lines, n = _size(src); tot[0] += lines; tot[1] += n
        listed = added.get(name, set())
        if listed == '*': new[0] += lines; new[1] += n; continue
        srclines = src.splitlines()
        for node in ast.parse(src).body:
            if _names(node) & listed:
                first = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])])
                l, k = _size('\n'.join(srclines[first-1:node.end_lineno])); new[0] += l; new[1] += k
    return dict(lines=tot[0], tokens=tot[1], new_lines=new[0], new_tokens=new[1])

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--base', default=BASE, help=f'baseline git revision (default {BASE})')
    args = p.parse_args()
    others = {k: v[0] for k, v in ADDED.items()}
    base, now = measure(args.base, {}), measure(None, others)
    own = measure(None, ISSUE_10_NEW)
    rows = [('baseline ' + args.base, base['lines'], base['tokens']),
            ('now, all of it', now['lines'], now['tokens']),
            ('features added by issues 11-13 (listed in this tool)', now['new_lines'], now['new_tokens']),
            ('now, without them: like for like', now['lines'] - now['new_lines'], now['tokens'] - now['new_tokens']),
            ("issue 10's own new features (torchrun, mixed precision)", own['new_lines'], own['new_tokens']),
            ('like for like, without those too', now['lines'] - now['new_lines'] - own['new_lines'],
             now['tokens'] - now['new_tokens'] - own['new_tokens'])]
    print('| `gencourse/` | lines of code | tokens |\n|---|---|---|')
    for what, l, t in rows: print(f'| {what} | {l:,} | {t:,} |')
    for what, (l, t) in [('like for like', rows[3][1:]), ('without issue 10\'s own too', rows[5][1:])]:
        print(f'\n{what} against the baseline: {l - base["lines"]:+,} lines ({(l/base["lines"] - 1)*100:+.1f} %), '
              f'{t - base["tokens"]:+,} tokens ({(t/base["tokens"] - 1)*100:+.1f} %)')
    print('\nFeatures counted apart: ' + '; '.join(f'{m} {"(all)" if n == "*" else ", ".join(sorted(n))} ({why})'
                                                   for m, (n, why) in ADDED.items()))

if __name__ == '__main__': main()
