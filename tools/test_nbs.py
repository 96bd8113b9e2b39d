#!/usr/bin/env python
"""Run every notebook's tests (in test mode) and report one line: `N passed, N failed`.

    python tools/test_nbs.py [--n-workers 2] [--file-re REGEX]

This is `nbdev-test` with what the course needs around it: it checks that MNIST is where the tests
read it (`$GENCOURSE_DATA`), runs notebooks two at a time with one torch thread each (two torch
processes with two threads each on two cores run many times slower), prints each notebook's time,
and ends with a count of the notebooks that passed and failed.
"""
import argparse, os, sys, time
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n-workers', type=int, default=2)
    p.add_argument('--file-re', default=None, help='only notebooks whose name matches')
    a = p.parse_args()
    for k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ.setdefault(k, '1')
    os.environ['IN_TEST'] = '1'
    os.environ.setdefault('MPLBACKEND', 'agg')
    from gencourse.data import mnist_available, data_root
    if not mnist_available():
        sys.exit(f"The tests read MNIST from {data_root()}/MNIST/raw and it is not there: set GENCOURSE_DATA to the "
                 f"folder that holds MNIST/ (CI: ../shared/data), or run `gencourse info --download` once.")
    from fastcore.parallel import parallel
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob
    from nbdev.test import test_nb
    cfg = get_config()
    files = sorted(f.absolute() for f in nbglob(cfg.nbs_path, as_path=True, file_re=a.file_re or r'.*\.ipynb$'))
    skip = cfg.tst_flags.split() if isinstance(cfg.tst_flags, str) else list(cfg.tst_flags)
    t0 = time.time()
    os.chdir(cfg.nbs_path)
    res = parallel(test_nb, files, skip_flags=skip, n_workers=a.n_workers, basepath=cfg.config_path, pause=0.01)
    for f, (ok, secs) in zip(files, res): print(f"{'ok  ' if ok else 'FAIL'} {f.name}: {secs:.0f} s")
    n_ok = sum(ok for ok, _ in res)
    print(f"notebooks tested in {time.time()-t0:.0f} s wall")
    print(f"{n_ok} passed, {len(files)-n_ok} failed")
    return 0 if n_ok == len(files) else 1

if __name__ == '__main__': sys.exit(main())
