#!/usr/bin/env python
"""Run notebooks at full size and save their outputs: what the docs site shows.

    python tools/run_nbs.py nbs/20_autoencoder.ipynb [more notebooks...]

`nbdev-test` runs the notebooks in test mode (less data, fewer epochs); this runs them as a student
does (`GENCOURSE_FAST=0`), writes the outputs back into each notebook and prints how long it took.
Run `nbdev-clean` afterwards.
"""
import os, sys, time
from pathlib import Path

def main(paths):
    os.environ['GENCOURSE_FAST'] = '0'
    from nbdev.test import test_nb
    ok = True
    for p in paths:
        p = Path(p).absolute()
        t0, c0 = time.time(), time.process_time()
        passed, _ = test_nb(p, save=True, cell_timeout=None, basepath=Path.cwd())
        print(f"{p.name}: {'saved' if passed else 'FAILED (outputs not saved)'} in {time.time()-t0:.0f} s "
              f"wall, {time.process_time()-c0:.0f} s CPU", flush=True)
        ok &= passed
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
