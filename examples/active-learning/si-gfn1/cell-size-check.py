#!/usr/bin/env python3
"""Is a GFN1-xTB label local? Labels one held-out frame and the same atoms repeated 2, 3, 4 times
along one lattice vector, through the example's oracle adapter (tblite, Gamma point only), and
prints the energy per atom (eV/atom) and the force on atom 4 (eV/Å). A local potential gives the
same numbers in every row; the table in README.md ("Read this first") came from
    python3 cell-size-check.py 37 2 4      # crack cell along its 3.97 Å front (b), 1-4 periods
    python3 cell-size-check.py 1 3 3       # bulk 2x2x1 along c, 1-3 periods
Arguments: frame number in held-out.xyz (1-based), lattice vector (1-3), largest repeat.
Needs `pip install tblite`; a 128-atom cell takes a few minutes.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "oracles"))
import tblite_oracle as T  # noqa: E402


class Args:
    method, charge, uhf, accuracy, electronic_temperature, max_iterations, min_width = "GFN1-xTB", 0.0, 0, 1.0, 300.0, 250, 0.0


def main():
    frame, axis, largest = int(sys.argv[1]), int(sys.argv[2]) - 1, int(sys.argv[3])
    text = T.split_frames(open(os.path.join(here, "held-out.xyz")).read())[frame - 1]
    symbols, positions, lattice, pbc = T.parse_frame(text)
    for n in range(1, largest + 1):
        cell = [list(v) for v in lattice]
        cell[axis] = [n * x for x in lattice[axis]]
        atoms = [[p[k] + m * lattice[axis][k] for k in range(3)] for m in range(n) for p in positions]
        lines = [str(len(atoms)), 'Lattice="%s" Properties=species:S:1:pos:R:3 pbc="T T T"' % " ".join(repr(x) for v in cell for x in v)]
        lines += ["%s %r %r %r" % (s, *p) for s, p in zip(symbols * n, atoms)]
        status, out = T.label("\n".join(lines) + "\n", Args())
        if out is None:
            print(f"{n} x: oracle failed (status {status})")
            continue
        header = out.splitlines()[1]
        energy = float(header.split("energy=")[1].split()[0])
        force = out.splitlines()[2 + 3].split()[4:7]
        print(f"{n} x  {len(atoms):4d} atoms  E/N {energy / len(atoms):.3f} eV/atom  F(atom 4) {' '.join(f'{float(f):.3f}' for f in force)} eV/Å")


if __name__ == "__main__":
    main()
