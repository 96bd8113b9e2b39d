#!/usr/bin/env python
"""Run the notebooks as Jupyter does: each in a real kernel (nbclient + ipykernel), top to bottom, unattended.

    python tools/run_nbs.py --fast                  # the test suite: test mode, two kernels at once, one thread each
    python tools/run_nbs.py                         # full size, one notebook at a time with every core
    python tools/run_nbs.py --workers 2             # full size, two at a time with one thread each (CI: more work per core)
    python tools/run_nbs.py --save nbs/40_gan.ipynb # full size, and write the outputs back (what the docs show)

This is the one way the course runs a notebook: the tests, CI's full-size run and the committed outputs all
come from it. A cell that raises, or that runs longer than `--timeout` seconds, fails its notebook. A notebook
still running after `--budget` seconds has stalled (once, a lost kernel message held a 9-second notebook for 900 s):
the message says which cell it was stuck in, and it runs once more in a fresh kernel. Each notebook's time is
printed, and the last line is `N passed, N failed`. With more than one kernel at once, the notebooks start
longest first, in the order of the times `--save` last recorded in `tools/notebook_seconds.json`, so that
no kernel is left alone with a long notebook at the end. Cells marked `#| eval: false` are
skipped, as `nbdev-test` skips them.

MNIST is read from `$GENCOURSE_DATA` (else `~/.cache/gencourse`); when it is not there it is downloaded into
that folder once, before any notebook starts.
"""
import argparse, asyncio, json, os, re, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDGET = 'application/vnd.jupyter.widget-view+json'

def ensure_mnist():
    "Download MNIST into the data folder once, when it is missing; exit with what to do if that fails."
    from gencourse.data import mnist_available, data_root, download_mnist, DataNotFoundError
    if mnist_available(): return
    print(f"MNIST is not in {data_root()/'MNIST'/'raw'}: downloading it there once", flush=True)
    try: download_mnist()
    except DataNotFoundError as e: sys.exit(f"run_nbs: {e}")

SECONDS = ROOT/'tools'/'notebook_seconds.json'  # each notebook's time in the last `--save` run that passed

def notebooks(paths):
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob
    if paths: return [Path(p).resolve() for p in paths]
    return sorted(Path(f).resolve() for f in nbglob(get_config().nbs_path, as_path=True))

def recorded_seconds() -> dict:
    "Each notebook's time in the last `--save` run that passed (empty before the first)."
    return json.loads(SECONDS.read_text()) if SECONDS.exists() else {}

def longest_first(paths):
    "The notebooks in order of their last recorded time, longest first, so no kernel is left alone with a long one at the end."
    seconds = recorded_seconds()
    return sorted(paths, key=lambda p: -seconds.get(p.name, 0))

def record_seconds(times:dict):
    "Keep each notebook's time for the next run's order."
    seconds = recorded_seconds()
    seconds.update({k: round(v) for k, v in times.items()})
    SECONDS.write_text(json.dumps(dict(sorted(seconds.items())), indent=1) + '\n')

def skipped_cells(path) -> set:
    "Indices of the cells `nbdev-test` would skip (`#| eval: false`)."
    from nbdev.process import NBProcessor
    from nbdev.test import _skip_cell
    nb = NBProcessor(path, rm_directives=False, process=True).nb
    skip = _skip_cell(nb, None)
    return {i for i, c in enumerate(nb.cells) if c.cell_type == 'code' and skip(c)}

async def run_one(path, timeout, budget, save):
    "Execute one notebook in a fresh kernel; return (status, seconds, error text), status 'ok', 'fail' or 'stalled'."
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    nb = nbformat.read(path, as_version=4)
    skip = skipped_cells(path)
    phase = ['starting the kernel', time.time()]  # where the run is, for the message when it stalls

    def at(what): phase[:] = [what, time.time()]
    class Client(NotebookClient):
        async def async_execute_cell(self, cell, cell_index, *args, **kw):
            if cell_index in skip: return cell
            at(f"cell {cell_index} ({cell.source.splitlines()[0][:60] if cell.source else 'empty'!r})")
            out = await super().async_execute_cell(cell, cell_index, *args, **kw)
            at('between cells, or shutting the kernel down')
            return out

    client = Client(nb, timeout=timeout, kernel_name='python3', extra_arguments=['--IPKernelApp.log_level=ERROR'],
                    resources={'metadata': {'path': str(path.parent)}})
    t0 = time.time()
    run = asyncio.ensure_future(client.async_execute())
    await asyncio.wait([run], timeout=budget)
    if not run.done():  # cancelling the run shuts its kernel down (nbclient reports that as a dead kernel)
        stuck = f"still running after {budget} s: stuck {time.time()-phase[1]:.0f} s in {phase[0]}"
        run.cancel()
        await asyncio.gather(run, return_exceptions=True)
        return 'stalled', time.time()-t0, stuck
    try: run.result()
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as e:
        return 'fail', time.time()-t0, re.sub(r'\x1b\[[0-9;]*m', '', str(e))  # without the terminal colours
    widgets = [i for i, c in enumerate(nb.cells) for o in c.get('outputs', []) if WIDGET in o.get('data', {})]
    if widgets:  # unattended, a widget has no one to talk to: it can stall the run, and it is blank in the saved page
        return 'fail', time.time()-t0, f"cells {widgets} displayed a widget in an unattended run (see gencourse.viz.in_live_kernel)"
    if save:
        from nbdev.clean import nbdev_clean
        nb.metadata.pop('widgets', None)  # an unattended run shows no widgets; a test may still create one
        nbformat.write(nb, path)
        nbdev_clean(fname=str(path))
        if path.name == 'index.ipynb':  # README.md is generated from it
            sys.path.insert(0, str(ROOT/'tools')); import readme; readme.main([])
    return 'ok', time.time()-t0, ''

async def run_all(paths, workers, timeout, budget, save):
    sem, times = asyncio.Semaphore(workers), {}
    async def one(p):
        async with sem:
            status, secs, err = await run_one(p, timeout, budget, save)
            if status == 'stalled':  # a lost kernel message once held a 9-second notebook for 900 s; one fresh kernel more
                print(f"STALL {p.name}: {err}; running it again in a fresh kernel", flush=True)
                status, secs, err = await run_one(p, timeout, budget, save)
            print(f"{'ok  ' if status == 'ok' else 'FAIL'} {p.name}: {secs:.0f} s", flush=True)
            if status == 'ok': times[p.name] = secs
            if err: print(f"---- {p.name} ----\n{err[-4000:]}\n----", file=sys.stderr, flush=True)
            return status == 'ok'
    res = await asyncio.gather(*(one(p) for p in paths))
    if save: record_seconds(times)
    return res

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebooks', nargs='*', help='notebooks to run (default: every notebook in nbs/)')
    p.add_argument('--fast', action='store_true', help='test mode: less data, fewer epochs (GENCOURSE_FAST=1)')
    p.add_argument('--save', action='store_true', help='write the outputs back into each notebook that passes')
    p.add_argument('--workers', type=int, help='notebooks at once (default: 2 with --fast, else 1)')
    p.add_argument('--timeout', type=int, default=900, help='seconds one cell may run before its notebook fails (default: 900)')
    p.add_argument('--budget', type=int, help='seconds a whole notebook may run before it counts as stalled and runs once more '
                   'in a fresh kernel (default: 400 in test mode, 1500 at full size; the longest take about 150 and 600)')
    a = p.parse_args()
    if a.save and a.fast: p.error("--save writes the full-size outputs the docs show; drop --fast")
    workers = a.workers or (2 if a.fast else 1)
    os.environ['GENCOURSE_FAST'] = '1' if a.fast else '0'
    os.environ.pop('MPLBACKEND', None)  # the kernel draws inline, as in Jupyter
    if workers > 1:  # two torch processes with two threads each on two cores run many times slower
        for k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ[k] = '1'
    ensure_mnist()
    paths = notebooks(a.notebooks)
    if workers > 1: paths = longest_first(paths)
    t0 = time.time()
    budget = a.budget or (400 if a.fast else 1500)
    res = asyncio.run(run_all(paths, workers, a.timeout, budget, a.save))
    print(f"{len(paths)} notebooks in {time.time()-t0:.0f} s wall ({'test mode' if a.fast else 'full size'}, {workers} at a time)")
    print(f"{sum(res)} passed, {len(res)-sum(res)} failed")
    return 0 if all(res) else 1

if __name__ == '__main__': sys.exit(main())
