"""Benchmark every recipe at its default size, and the training loop against a bare PyTorch loop.

    python tools/bench.py [--out BENCHMARKS.md] [--recipes vae,gan] [--threads 2] [--keep checkpoints]

For each recipe the `gencourse` command installs, one fresh process runs `gencourse train NAME` at the
default size, then loads the checkpoint and times `sample`. One row per recipe: train seconds (as
`metrics.json` reports them), peak memory of the process, samples per second, and the recipe's quality
figure. Then `fit` against a hand-written PyTorch loop on the same model, data and batches, on 1 and 2
threads (the best of 5 runs each, interleaved). The table is printed and written to `--out`. Speed and memory live
here, not in timed tests: they depend on the machine and its load. Needs MNIST (see `gencourse info`).
With `--recipes`, only those rows of `--out` are measured again; each row says the day it was measured.

With `--keep DIR`, each recipe's checkpoint (its training metrics inside) is kept as `DIR/NAME.pt`: the closing
lecture (`nbs/60_which_model.ipynb`) scores those trained models instead of training them all again.
"""
import argparse, json, os, platform, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

QUALITY = dict(pca='test_mse', gmm='test_accuracy', ae='test_psnr', dae='test_psnr_gain', vae='test_elbo',
               gan='frechet_distance', cgan='conditional_accuracy', scgan='frechet_distance', ring='high_quality', grid='high_quality',
               diffusion='frechet_distance')
MODES = ('ring', 'grid')  # also report the modes captured

def child(name:str, out:str, threads:int):
    "Run in a fresh process: train `name` as the command does, time its sampling, print one JSON line."
    from gencourse.cli import main, get_recipe
    from gencourse.checkpoint import load_checkpoint
    from gencourse.data import rng
    code = main(['--threads', str(threads), 'train', name, '--out', out])
    if code: sys.exit(code)
    metrics = json.loads((Path(out)/'metrics.json').read_text())
    model, recipe = load_checkpoint(Path(out)/'model.pt'), get_recipe(name)
    n = 1000 if recipe.kind == 'image' else 10000
    recipe.sample(model, 10)  # warm-up
    t0 = time.perf_counter(); model.sample(n, generator=rng(1)); dt = time.perf_counter() - t0
    print(json.dumps(dict(recipe=name, train_seconds=metrics['train_seconds'], peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,
                          samples_per_second=n/dt, quality_key=QUALITY.get(name, ''), quality=metrics.get(QUALITY.get(name, '')),
                          modes=metrics.get('modes') if name in MODES else None, n_modes=metrics.get('n_modes'))))

def fit_vs_bare(threads:int, repeats:int=5) -> dict:
    "Seconds for one epoch of the conv autoencoder through `fit` and through a bare loop, best of `repeats`."
    import torch
    from torch.utils.data import DataLoader, TensorDataset
    from gencourse.data import load_mnist
    from gencourse.train import fit, batches, seed_everything
    from gencourse.ae import ConvAutoencoder, reconstruction_loss
    torch.set_num_threads(threads)
    x, _ = load_mnist()
    def with_fit():
        seed_everything(0); m = ConvAutoencoder(32)
        t0 = time.perf_counter(); fit(m, reconstruction_loss, batches(x, bs=64, seed=0), 1, lr=2e-3, device='cpu', progress=False)
        return time.perf_counter() - t0
    def bare():
        seed_everything(0); m = ConvAutoencoder(32); opt = torch.optim.Adam(m.parameters(), lr=2e-3)
        dl = DataLoader(TensorDataset(x), batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0))
        t0 = time.perf_counter()
        m.train()
        for (xb,) in dl:
            loss = ((m(xb) - xb)**2).mean()
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        return time.perf_counter() - t0
    runs = [(with_fit(), bare()) for _ in range(repeats)]  # interleaved, so that a change in the machine's load hits both
    f, b = min(r[0] for r in runs), min(r[1] for r in runs)
    return dict(threads=threads, fit_seconds=f, bare_seconds=b, ratio=f/b)

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', default='BENCHMARKS.md', help='markdown file to write (default: BENCHMARKS.md)')
    p.add_argument('--recipes', help='comma-separated recipes (default: every installed one)')
    p.add_argument('--threads', type=int, default=2, help='torch threads for the recipes (default: 2)')
    p.add_argument('--keep', metavar='DIR', help="keep each recipe's checkpoint as DIR/NAME.pt")
    p.add_argument('--child', nargs=2, metavar=('NAME', 'OUT'), help=argparse.SUPPRESS)
    p.add_argument('--fit-vs-bare', type=int, metavar='THREADS', help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child: child(*a.child, a.threads); return 0
    if a.fit_vs_bare: print(json.dumps(fit_vs_bare(a.fit_vs_bare))); return 0
    from gencourse.cli import recipes
    names = a.recipes.split(',') if a.recipes else list(recipes())
    me = [sys.executable, str(Path(__file__).resolve())]
    rows, today = [], time.strftime('%Y-%m-%d')
    with tempfile.TemporaryDirectory() as d:
        for name in names:
            r = subprocess.run(me + ['--child', name, str(Path(d)/name), '--threads', str(a.threads)], capture_output=True, text=True)
            if r.returncode: print(f"{name}: failed\n{r.stderr[-2000:]}", file=sys.stderr); return 1
            rows.append(dict(json.loads(r.stdout.strip().splitlines()[-1]), measured=today)); print(rows[-1], flush=True)
            if a.keep: Path(a.keep).mkdir(parents=True, exist_ok=True); shutil.copy(Path(d)/name/'model.pt', Path(a.keep)/f'{name}.pt')
    loops = [json.loads(subprocess.run(me + ['--fit-vs-bare', str(t)], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
             for t in (1, 2)]
    import torch, gencourse
    fmt = lambda v: '' if v is None else (f'{v:.4g}' if isinstance(v, float) else str(v))
    lines = [f"# Benchmarks\n\nWritten by `python tools/bench.py` on {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
             f"torch {torch.__version__}, gencourse {gencourse.__version__}, {a.threads} torch threads per recipe, CPU only. "
             "Every recipe at its default size, each in a fresh process (`gencourse train NAME`); peak memory is that "
             "process's resident set; samples per second time the model's own `sample` (1,000 images or 10,000 points).\n",
             "| recipe | train seconds | peak memory (MB) | samples per second | quality | measured |", "|---|---|---|---|---|---|"]
    new = {r['recipe']: r for r in rows}
    table = {}
    if a.recipes and Path(a.out).exists():  # keep the rows not measured again
        for l in Path(a.out).read_text().splitlines():
            cells = [c.strip() for c in l.strip().strip('|').split('|')]
            if l.startswith('| ') and len(cells) == 6 and cells[0] not in ('recipe', *new): table[cells[0]] = l
    for r in rows:
        q = f"{r['quality_key']} {fmt(r['quality'])}" + (f", {r['modes']}/{r['n_modes']} modes" if r['modes'] is not None else '')
        table[r['recipe']] = f"| {r['recipe']} | {fmt(r['train_seconds'])} | {r['peak_mb']:.0f} | {r['samples_per_second']:.3g} | {q} | {r['measured']} |"
    lines += [table[k] for k in sorted(table)]
    lines += ["\n## The training loop against a bare PyTorch loop\n",
              "One epoch of the convolutional autoencoder (32-number code) on the training digits, batches of 64, Adam; "
              "`fit` (the course's `Learner` with its callbacks) against the same steps written by hand; best of 5 runs each, interleaved.\n",
              "| threads | `fit` (s) | bare loop (s) | ratio |", "|---|---|---|---|"]
    lines += [f"| {l['threads']} | {l['fit_seconds']:.2f} | {l['bare_seconds']:.2f} | {l['ratio']:.3f} |" for l in loops]
    lines += [f"\nMeasured {today}."]
    Path(a.out).write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    return 0

if __name__ == '__main__': sys.exit(main())
