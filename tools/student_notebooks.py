"""Write the student version of the lectures: every exercise's solution cleared, every output cleared.

    python tools/student_notebooks.py OUT_DIR [NOTEBOOK ...]

The course's notebooks are the instructor's version. An exercise's solution sits between nbgrader's markers
(`### BEGIN SOLUTION` / `### END SOLUTION`); nbgrader's own `ClearSolutions` replaces it with
`raise NotImplementedError()`, and nbconvert's `ClearOutputPreprocessor` drops the outputs, which would
show the answers. The checker cell after each exercise stays, so students check their own work. With no
notebook named, every notebook in `nbs/` that has an exercise is written. Exit status 1 when a notebook
still holds a marker or an exercise is left without a stub.
"""
import sys
from pathlib import Path
import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor
from nbgrader.preprocessors import ClearSolutions

BEGIN = '### BEGIN SOLUTION'
NBS = Path(__file__).resolve().parent.parent/'nbs'

def has_exercises(nb) -> bool: return any(c.cell_type == 'code' and BEGIN in c.source for c in nb.cells)

def student_version(nb):
    "A copy of `nb` with the solutions replaced by stubs and no outputs."
    nb = nbformat.from_dict(nb)
    nb, _ = ClearSolutions(enforce_metadata=False).preprocess(nb, {})
    nb, _ = ClearOutputPreprocessor().preprocess(nb, {})
    return nb

def solutions(nb) -> list[str]:
    "The lines between the solution markers of every cell."
    out = []
    for c in nb.cells:
        for part in c.source.split(BEGIN)[1:]: out += [l.strip() for l in part.split('### END SOLUTION')[0].splitlines() if l.strip()]
    return out

def check_student_version(student, instructor, name:str) -> list[str]:
    "What is wrong with a student version: a leftover marker, a solution line that survived, or no stub at all."
    problems = [f"{name}: cell {i} still holds a solution marker" for i, c in enumerate(student.cells) if 'SOLUTION' in c.source]
    kept = [l for l in solutions(instructor) if any(l in c.source for c in student.cells if c.cell_type == 'code')]
    problems += [f"{name}: the solution line {l!r} is still there" for l in kept]
    if not any('raise NotImplementedError()' in c.source for c in student.cells): problems.append(f"{name}: no exercise stub")
    if any(c.get('outputs') for c in student.cells): problems.append(f"{name}: outputs left (they show the answers)")
    return problems

def main(argv:list[str]) -> int:
    if not argv or argv[0] in ('-h', '--help'): print(__doc__); return 0 if argv else 2
    out, names = Path(argv[0]), argv[1:]
    paths = [Path(n) for n in names] or sorted(NBS.glob('*.ipynb'))
    out.mkdir(parents=True, exist_ok=True)
    written, problems = 0, []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        if not has_exercises(nb): continue
        student = student_version(nb)
        problems += check_student_version(student, nb, p.name)
        nbformat.write(student, out/p.name); written += 1
    for m in problems: print(m, file=sys.stderr)
    print(f"wrote {written} student notebooks to {out}" + (f"; {len(problems)} problems" if problems else ''))
    return 1 if problems or not written else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
